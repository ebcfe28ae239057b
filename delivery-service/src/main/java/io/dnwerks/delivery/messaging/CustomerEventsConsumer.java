package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.dnwerks.contracts.customer.ConsentChanged;
import io.dnwerks.contracts.customer.CustomerErased;
import io.dnwerks.contracts.customer.CustomerSnapshot;
import io.dnwerks.delivery.domain.Suppression;
import io.dnwerks.delivery.repository.RecipientRepository;
import io.dnwerks.delivery.repository.RecipientRepository.Change;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Keeps the suppression list current from customer.events.v1: a customer who withdraws consent, is
 * marked do-not-contact or is deleted is suppressed, and their pending messages end rejected, a poll
 * at a time in one statement; an erased customer is suppressed so and their messages lose their number
 * and text. The audience was checked at launch; this is what holds after it.
 */
@ApplicationScoped
public class CustomerEventsConsumer {

    public static final String CONSUMER = "suppression-list";
    private static final Set<String> SNAPSHOTS = Set.of(CustomerSnapshot.CREATED, CustomerSnapshot.UPDATED, CustomerSnapshot.DELETED);

    private final BatchInbox inbox;
    private final RecipientRepository recipients;
    private final ObjectMapper json;

    public CustomerEventsConsumer(BatchInbox inbox, RecipientRepository recipients, ObjectMapper json) {
        this.inbox = inbox;
        this.recipients = recipients;
        this.json = json;
    }

    @Incoming("customer-events")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return inbox.handle(records, CONSUMER, this::readAny, (tx, facts) -> recipients.apply(tx, facts.stream()
                        .filter(Change.class::isInstance).map(Change.class::cast).toList())
                .chain(() -> recipients.erase(tx, facts.stream().filter(RecipientRepository.Erased.class::isInstance)
                        .map(RecipientRepository.Erased.class::cast).toList())));
    }

    /** A change of what we know of a number, a customer erased, or null for events that concern neither (tags). */
    Object readAny(IncomingEvent event) {
        if (CustomerErased.TYPE.equals(event.type())) {
            CustomerErased e = event.dataAs(CustomerErased.class, json);
            if (e.customerId() == null || e.erasedAt() == null) {
                throw new PoisonEventException(event.type() + " without customerId or erasedAt");
            }
            return new RecipientRepository.Erased(e.customerId(), e.erasedAt());
        }
        return read(event);
    }

    /** The change an event makes to what we know of a number; null for events that make none (tags). */
    Change read(IncomingEvent event) {
        if (SNAPSHOTS.contains(event.type())) {
            CustomerSnapshot c = event.dataAs(CustomerSnapshot.class, json);
            if (c.customerId() == null || c.phone() == null || c.updatedAt() == null) {
                throw new PoisonEventException(event.type() + " without customerId, phone or updatedAt");
            }
            return new Change(c.phone(), c.customerId(), c.preferredLanguage(),
                    Suppression.of(c.smsConsent(), c.doNotContact(), c.deletedAt() != null),
                    Suppression.CUSTOMER_RECORD_SOURCE, c.updatedAt(), null);
        }
        if (ConsentChanged.TYPE.equals(event.type())) {
            ConsentChanged c = event.dataAs(ConsentChanged.class, json);
            if (c.customerId() == null || c.phone() == null || c.changedAt() == null || c.source() == null) {
                throw new PoisonEventException(event.type() + " without customerId, phone, changedAt or source");
            }
            return new Change(c.phone(), c.customerId(), null, Suppression.of(c.smsConsent(), c.doNotContact(), false),
                    c.source(), c.changedAt(), c.inboundMessageId());
        }
        return null;
    }
}
