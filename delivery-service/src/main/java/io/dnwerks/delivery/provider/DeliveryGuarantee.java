package io.dnwerks.delivery.provider;

/**
 * What happens to a message that was handed over but whose answer is unknown (the service died
 * before recording it, or the request timed out after it was written). Configured per gateway as
 * {@code delivery-guarantee}.
 */
public enum DeliveryGuarantee {
    /**
     * Never handed over again: it is recorded sent with its outcome unknown, and a receipt, if one comes,
     * settles it. The default for gateways without an idempotency key, where a second request is a second text.
     */
    AT_MOST_ONCE,
    /**
     * Handed over again under the same message id. The default for gateways that honour the id as an
     * idempotency key (the simulator), where asking again cannot text twice.
     */
    AT_LEAST_ONCE
}
