package io.dnwerks.contracts.customer;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A customer was erased (GDPR Art. 17), on {@value #TOPIC}, keyed by customer id: every service
 * removes what identifies them (delivery: the phone number and the text of their messages; audit: the
 * values of the entries about them) and keeps only the facts. The customer is deleted too: never
 * texted again. {@code phoneHash} is the keyed hash (HMAC-SHA256, hex) of the number they had, the
 * only trace of it left, by which an opt-out can still be proven when the number is shown again.
 */
public record CustomerErased(UUID customerId, String phoneHash, OffsetDateTime erasedAt) {

    public static final String TOPIC = Topics.CUSTOMER_EVENTS;
    public static final String TYPE = EventType.of("customer", "CustomerErased");

    public String key() {
        return customerId.toString();
    }
}
