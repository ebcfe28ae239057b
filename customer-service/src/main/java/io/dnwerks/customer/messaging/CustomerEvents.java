package io.dnwerks.customer.messaging;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.contracts.customer.ConsentChanged;
import io.dnwerks.contracts.customer.CustomerSnapshot;
import io.dnwerks.customer.domain.Customer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** What customer-service tells the others on {@code customer.events.v1}, through the outbox. */
@ApplicationScoped
public class CustomerEvents {

    public static final String CREATED = CustomerSnapshot.CREATED;
    public static final String UPDATED = CustomerSnapshot.UPDATED;
    public static final String DELETED = CustomerSnapshot.DELETED;
    public static final String CONSENT_CHANGED = ConsentChanged.TYPE;
    public static final String TAGGED = EventType.of("customer", "CustomerTagged");
    public static final String UNTAGGED = EventType.of("customer", "CustomerUntagged");
    /** A tag deleted, and with it taken off everyone who had it: one event, not one CustomerUntagged each. */
    public static final String TAG_DELETED = EventType.of("customer", "TagDeleted");

    public record CustomerTagChange(UUID customerId, UUID tagId) {
    }

    /** @param untaggedCount the customers who had the tag */
    public record TagDeleted(UUID tagId, String name, long untaggedCount) {
    }

    static CustomerSnapshot snapshot(Customer c) {
        return new CustomerSnapshot(c.id, c.firstName, c.lastName, c.phone, c.email, c.timezone, c.preferredLanguage,
                c.smsConsent, c.emailConsent, c.doNotContact, c.updatedAt, c.deletedAt);
    }

    private final Outbox outbox;

    public CustomerEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(Tx tx, Customer c) {
        return publish(tx, c, CREATED, snapshot(c));
    }

    public Uni<Void> updated(Tx tx, Customer c) {
        return publish(tx, c, UPDATED, snapshot(c));
    }

    public Uni<Void> deleted(Tx tx, Customer c) {
        return publish(tx, c, DELETED, snapshot(c));
    }

    public Uni<Void> consentChanged(Tx tx, Customer c, String source) {
        return consentChanged(tx, c, source, c.updatedAt, null);
    }

    /**
     * @param changedAt        when the change happened (a keyword's SMS was received), which may be before now
     * @param inboundMessageId the SMS that asked for the change, when a keyword did
     */
    public Uni<Void> consentChanged(Tx tx, Customer c, String source, java.time.OffsetDateTime changedAt, UUID inboundMessageId) {
        return publish(tx, c, CONSENT_CHANGED, new ConsentChanged(c.id, c.phone, c.smsConsent, c.emailConsent,
                c.doNotContact, source, changedAt, inboundMessageId));
    }

    public Uni<Void> tagged(Tx tx, UUID customerId, UUID tagId, boolean added) {
        return publish(tx, customerId, added ? TAGGED : UNTAGGED, new CustomerTagChange(customerId, tagId));
    }

    public Uni<Void> erased(Tx tx, io.dnwerks.contracts.customer.CustomerErased erased) {
        return publish(tx, erased.customerId(), io.dnwerks.contracts.customer.CustomerErased.TYPE, erased);
    }

    public Uni<Void> tagDeleted(Tx tx, TagDeleted deleted) {
        return outbox.append(tx, new OutgoingEvent(Topics.CUSTOMER_EVENTS, "tag", deleted.tagId().toString(), TAG_DELETED, deleted))
                .replaceWithVoid();
    }

    private Uni<Void> publish(Tx tx, Customer c, String type, Object payload) {
        return publish(tx, c.id, type, payload);
    }

    private Uni<Void> publish(Tx tx, UUID customerId, String type, Object payload) {
        return outbox.append(tx, new OutgoingEvent(Topics.CUSTOMER_EVENTS, "customer", customerId.toString(), type, payload))
                .replaceWithVoid();
    }
}
