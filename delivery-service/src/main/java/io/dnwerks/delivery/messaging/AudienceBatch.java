package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What delivery reads of customer-service's AudienceBatch: a slice of a campaign's recipients. */
public record AudienceBatch(UUID campaignId, int batchNo, boolean last, int batchCount, int recipientCount,
                            Campaign campaign, JsonNode recipients) {

    public static final String TYPE = "dnwerks.customer.AudienceBatch.v1";

    /** The campaign's settings, carried by every batch so that batches need no other event first. */
    public record Campaign(String name, OffsetDateTime launchedAt, String messageContent, int maxRetries,
                           int retryDelayMinutes, int priority, String timezone) {
    }
}
