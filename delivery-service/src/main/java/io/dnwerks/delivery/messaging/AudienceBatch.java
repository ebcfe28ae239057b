package io.dnwerks.delivery.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What delivery reads of customer-service's AudienceBatch: a slice of a campaign's recipients. */
public record AudienceBatch(UUID campaignId, int batchNo, boolean last, int batchCount, int recipientCount,
                            Campaign campaign, List<Recipient> recipients) {

    public static final String TYPE = "dnwerks.customer.AudienceBatch.v1";

    /** The campaign's settings, carried by every batch so that batches need no other event first. */
    public record Campaign(String name, OffsetDateTime launchedAt, String messageContent, int maxRetries,
                           int retryDelayMinutes, int priority, String timezone) {
    }

    /** The parts of a recipient the message needs; the batch carries more (timezone, language) for later use. */
    public record Recipient(UUID customerId, String phone, String firstName, String lastName) {
    }
}
