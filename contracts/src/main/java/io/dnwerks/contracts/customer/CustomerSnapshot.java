package io.dnwerks.contracts.customer;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The customer as other services may know it (contact and consent, no free-text notes): the payload of
 * CustomerCreated, CustomerUpdated and CustomerDeleted on {@value #TOPIC}, keyed by customer id, so
 * that one customer's events arrive in the order they happened.
 */
public record CustomerSnapshot(UUID customerId, String firstName, String lastName, String phone, String email,
                               String timezone, String preferredLanguage, boolean smsConsent, boolean emailConsent,
                               boolean doNotContact, OffsetDateTime updatedAt, OffsetDateTime deletedAt) {

    public static final String TOPIC = Topics.CUSTOMER_EVENTS;
    public static final String CREATED = EventType.of("customer", "CustomerCreated");
    public static final String UPDATED = EventType.of("customer", "CustomerUpdated");
    public static final String DELETED = EventType.of("customer", "CustomerDeleted");

    public String key() {
        return customerId.toString();
    }

    /** May this customer be texted marketing at all, going by this snapshot? */
    public boolean textable() {
        return smsConsent && !doNotContact && deletedAt == null;
    }
}
