package io.dnwerks.delivery.messaging;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What delivery reads of customer-service's AudienceBatch: a slice of a campaign's recipients. */
public record AudienceBatch(UUID campaignId, int batchNo, boolean last, int batchCount, int recipientCount,
                            Campaign campaign, List<Recipient> recipients) {

    public static final String TYPE = "dnwerks.customer.AudienceBatch.v1";

    /**
     * The campaign's settings, carried by every batch so that batches need no other event first;
     * then its sending rules (a narrower window, a local send time, a deadline), or null, and the
     * sender it goes out from (null: the default sender).
     */
    public record Campaign(String name, OffsetDateTime launchedAt, String messageContent, int maxRetries,
                           int retryDelayMinutes, int priority, String timezone, String sendingWindow,
                           LocalDateTime sendAtLocalTime, OffsetDateTime deadline, String senderId) {
    }

    /**
     * The parts of a recipient the message needs: whom, their zone for quiet hours (the customer's own
     * setting, which may be the seed's default UTC), and the consent the message goes out under.
     */
    public record Recipient(UUID customerId, String phone, String firstName, String lastName, String timezone,
                            OffsetDateTime consentGivenAt, String consentSource) {
    }
}
