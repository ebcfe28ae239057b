package io.dnwerks.customer.service;

import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.security.CurrentActor;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.contracts.delivery.KeywordReceived;
import io.dnwerks.customer.domain.ConsentEvent;
import io.dnwerks.customer.domain.ConsentProof;
import io.dnwerks.customer.domain.Customer;
import io.dnwerks.customer.messaging.CustomerEvents;
import io.dnwerks.customer.repository.ConsentEventRepository;
import io.dnwerks.customer.repository.CustomerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The consent ledger: what a customer agreed to, when, through what, and what proves it. Every change
 * (through the API or an SMS keyword) writes its ledger lines, the customer's flags, ConsentChanged
 * and CustomerUpdated, and the audit record in one transaction.
 */
@ApplicationScoped
public class ConsentService {

    /** The source of changes asked for by SMS (STOP, START...). */
    public static final String SMS_KEYWORD = "sms-keyword";

    private final CustomerRepository customers;
    private final ConsentEventRepository ledger;
    private final CustomerEvents events;
    private final AuditTrail audit;
    private final CurrentActor actor;

    public ConsentService(CustomerRepository customers, ConsentEventRepository ledger, CustomerEvents events, AuditTrail audit,
                          CurrentActor actor) {
        this.customers = customers;
        this.ledger = ledger;
        this.events = events;
        this.audit = audit;
        this.actor = actor;
    }

    @WithSession
    public Uni<ConsentView> get(UUID customerId) {
        return customers.findLive(customerId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", customerId))
                .flatMap(c -> ledger.history(c.id).map(lines -> ConsentView.of(c, lines)));
    }

    @WithTransaction
    public Uni<ConsentView> record(UUID customerId, ConsentChange change) {
        if (change.smsConsent() == null && change.emailConsent() == null && change.doNotContact() == null) {
            throw ApiException.invalid("smsConsent", "give at least one of smsConsent, emailConsent or doNotContact");
        }
        return Transactions.current().flatMap(tx -> customers.findLiveForUpdate(customerId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", customerId))
                .flatMap(c -> {
                    OffsetDateTime now = now();
                    List<ConsentEvent> lines = new ArrayList<>();
                    if (change.smsConsent() != null) {
                        lines.add(line(c.id, ConsentEvent.SMS, change.smsConsent(), change.source(), now, null, change.proof()));
                    }
                    if (change.emailConsent() != null) {
                        lines.add(line(c.id, ConsentEvent.EMAIL, change.emailConsent(), change.source(), now, null, change.proof()));
                    }
                    if (change.doNotContact() != null) {
                        lines.add(line(c.id, ConsentEvent.DO_NOT_CONTACT, change.doNotContact(), change.source(), now, null, change.proof()));
                    }
                    return apply(tx, c, lines, change.source(), now, null, true)
                            .chain(() -> ledger.history(c.id)).map(history -> ConsentView.of(c, history));
                }));
    }

    /**
     * An SMS opt-out or opt-in, in the caller's (the inbox's) transaction. The number is looked up as
     * it is now; a number that matches no customer is left to delivery-service, which has suppressed
     * it already. A keyword is recorded once, whatever its redeliveries.
     *
     * @return what was done, for the inbox's record
     */
    public Uni<String> applyKeyword(Tx tx, KeywordReceived keyword, boolean optIn) {
        return ledger.recordedFor(keyword.inboundMessageId()).flatMap(known -> known ? Uni.createFrom().item("already recorded")
                : customers.findLiveByPhoneForUpdate(keyword.phone()).flatMap(c -> {
                    if (c == null) {
                        return Uni.createFrom().item("no customer has this number");
                    }
                    OffsetDateTime at = keyword.receivedAt() == null ? now() : keyword.receivedAt().truncatedTo(ChronoUnit.MICROS);
                    ConsentEvent line = line(c.id, ConsentEvent.SMS, optIn, SMS_KEYWORD, at, keyword.inboundMessageId(), null);
                    return apply(tx, c, List.of(line), SMS_KEYWORD, at, keyword.inboundMessageId(), false)
                            .replaceWith("customer " + c.id + (optIn ? " opted in" : " opted out") + " by " + keyword.keyword());
                }));
    }

    /**
     * Writes the ledger lines and, when a flag moved, the customer's new flags with their events and audit
     * record. An explicit change ({@code explicit}: through the consent API) publishes ConsentChanged even
     * when no flag moved: a re-confirmed consent is what lifts a STOP delivery-service still holds (a
     * STOP from the number before it was this customer's, say). ConsentChanged carries {@code at}, the
     * time of the change itself (a keyword's SMS), so that delivery can tell it from a later STOP.
     */
    private Uni<Void> apply(Tx tx, Customer c, List<ConsentEvent> lines, String source, OffsetDateTime at, UUID inboundMessageId,
                            boolean explicit) {
        CustomerView before = CustomerView.of(c);
        for (ConsentEvent line : lines) {
            switch (line.channel) {
                case ConsentEvent.SMS -> {
                    if (line.granted && !c.smsConsent) {
                        c.consentGivenAt = at;
                        c.consentSource = source;
                    }
                    c.smsConsent = line.granted;
                }
                case ConsentEvent.EMAIL -> c.emailConsent = line.granted;
                default -> c.doNotContact = line.granted;
            }
        }
        boolean moved = before.smsConsent() != c.smsConsent || before.emailConsent() != c.emailConsent
                || before.doNotContact() != c.doNotContact;
        if (!moved) {
            return ledger.persist(lines).chain(() -> explicit ? events.consentChanged(tx, c, source, at, inboundMessageId)
                    : Uni.createFrom().voidItem());
        }
        c.updatedAt = now();
        CustomerView after = CustomerView.of(c);
        return ledger.persist(lines)
                .chain(() -> events.consentChanged(tx, c, source, at, inboundMessageId))
                .chain(() -> events.updated(tx, c))
                .chain(() -> audit.updated(tx, CustomerService.TABLE, c.id, before, after));
    }

    private ConsentEvent line(UUID customerId, String channel, boolean granted, String source, OffsetDateTime at,
                              UUID inboundMessageId, ConsentProof proof) {
        ConsentEvent e = new ConsentEvent();
        e.id = Ids.timeOrdered();
        e.customerId = customerId;
        e.channel = channel;
        e.granted = granted;
        e.source = source;
        e.changedBy = actor.get().userId();
        e.occurredAt = at;
        e.inboundMessageId = inboundMessageId;
        e.proof = proof;
        return e;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
