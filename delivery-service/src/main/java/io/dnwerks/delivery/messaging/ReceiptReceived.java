package io.dnwerks.delivery.messaging;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A delivery receipt as a webhook accepted it: checked (signature, fields) and journaled on
 * delivery.receipts.v1, keyed by external id, before the gateway is answered. ReceiptConsumer applies
 * it from there, so a receipt the webhook took survives a database outage. delivery-service is both
 * the producer and the only consumer of this topic. {@code messageId}: ours, when the gateway handed it
 * back (absent from receipts journaled before it existed).
 */
public record ReceiptReceived(String provider, String externalId, UUID messageId, String status, OffsetDateTime at,
                              String error, OffsetDateTime receivedAt) {

    public static final String TYPE = EventType.of("delivery", "ReceiptReceived");
    public static final String TOPIC = Topics.DELIVERY_RECEIPTS;
}
