package io.dnwerks.delivery.provider;

import java.util.UUID;

/** One SMS to hand to a gateway; the message id doubles as the gateway's idempotency key. */
public record OutgoingSms(UUID messageId, String to, String body, String receiptUrl) {
}
