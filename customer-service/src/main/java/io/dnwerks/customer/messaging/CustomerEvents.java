package io.dnwerks.customer.messaging;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.customer.domain.Customer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What customer-service tells the others on {@code customer.events.v1}, through the outbox. */
@ApplicationScoped
public class CustomerEvents {

    public static final String CREATED = EventType.of("customer", "CustomerCreated");
    public static final String UPDATED = EventType.of("customer", "CustomerUpdated");
    public static final String DELETED = EventType.of("customer", "CustomerDeleted");
    public static final String CONSENT_CHANGED = EventType.of("customer", "ConsentChanged");
    public static final String TAGGED = EventType.of("customer", "CustomerTagged");
    public static final String UNTAGGED = EventType.of("customer", "CustomerUntagged");

    public record CustomerTagChange(UUID customerId, UUID tagId) {
    }

    /** The customer as other services may know it: contact and consent, no free-text notes. */
    public record CustomerSnapshot(UUID customerId, String firstName, String lastName, String phone, String email,
                                   String timezone, String preferredLanguage, boolean smsConsent, boolean emailConsent,
                                   boolean doNotContact, OffsetDateTime updatedAt, OffsetDateTime deletedAt) {

        static CustomerSnapshot of(Customer c) {
            return new CustomerSnapshot(c.id, c.firstName, c.lastName, c.phone, c.email, c.timezone, c.preferredLanguage,
                    c.smsConsent, c.emailConsent, c.doNotContact, c.updatedAt, c.deletedAt);
        }
    }

    public record ConsentChanged(UUID customerId, String phone, boolean smsConsent, boolean emailConsent,
                                 boolean doNotContact, String source, OffsetDateTime changedAt) {
    }

    private final Outbox outbox;

    public CustomerEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(Tx tx, Customer c) {
        return publish(tx, c, CREATED, CustomerSnapshot.of(c));
    }

    public Uni<Void> updated(Tx tx, Customer c) {
        return publish(tx, c, UPDATED, CustomerSnapshot.of(c));
    }

    public Uni<Void> deleted(Tx tx, Customer c) {
        return publish(tx, c, DELETED, CustomerSnapshot.of(c));
    }

    public Uni<Void> consentChanged(Tx tx, Customer c, String source) {
        return publish(tx, c, CONSENT_CHANGED, new ConsentChanged(c.id, c.phone, c.smsConsent, c.emailConsent,
                c.doNotContact, source, c.updatedAt));
    }

    public Uni<Void> tagged(Tx tx, UUID customerId, UUID tagId, boolean added) {
        return publish(tx, customerId, added ? TAGGED : UNTAGGED, new CustomerTagChange(customerId, tagId));
    }

    private Uni<Void> publish(Tx tx, Customer c, String type, Object payload) {
        return publish(tx, c.id, type, payload);
    }

    private Uni<Void> publish(Tx tx, UUID customerId, String type, Object payload) {
        return outbox.append(tx, new OutgoingEvent(Topics.CUSTOMER_EVENTS, "customer", customerId.toString(), type, payload))
                .replaceWithVoid();
    }
}
