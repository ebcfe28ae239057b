package io.dnwerks.contracts.customer;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A customer's consent (SMS, e-mail) or do-not-contact flag changed, on {@value #TOPIC}, keyed by
 * customer id. {@code source} says through what ({@code api}, {@code sms-keyword}, a form...);
 * {@code inboundMessageId} is the SMS that asked for it when it was a keyword.
 */
public record ConsentChanged(UUID customerId, String phone, boolean smsConsent, boolean emailConsent,
                             boolean doNotContact, String source, OffsetDateTime changedAt, UUID inboundMessageId) {

    public static final String TOPIC = Topics.CUSTOMER_EVENTS;
    public static final String TYPE = EventType.of("customer", "ConsentChanged");

    public String key() {
        return customerId.toString();
    }
}
