package io.dnwerks.delivery.provider;

import java.util.UUID;

/**
 * One SMS to hand to a gateway: from the sender's address ({@code from}), with our message id (the
 * idempotency key of a gateway that takes one) and the URL its receipts come back to.
 */
public record OutgoingSms(UUID messageId, String from, String to, String body, String receiptUrl) {
}
