package io.dnwerks.customer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.JsonProblems;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.idempotency.IdempotencyKeys;
import io.dnwerks.common.idempotency.Replayable;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.security.CurrentActor;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.customer.domain.ConsentEvent;
import io.dnwerks.contracts.customer.CustomerErased;
import io.dnwerks.customer.domain.Customer;
import io.dnwerks.customer.domain.PhoneNumbers;
import io.dnwerks.customer.messaging.CustomerEvents;
import io.dnwerks.customer.repository.ConsentEventRepository;
import io.dnwerks.customer.repository.CustomerRepository;
import io.dnwerks.customer.repository.CustomerSearch;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Customer use cases. Each write changes the row, the consent ledger, the domain events and the
 * audit record in one transaction.
 */
@ApplicationScoped
public class CustomerService {

    static final String TABLE = "customers";
    /** The consent source of changes made through the customer API itself. */
    static final String API_SOURCE = "api";
    /** The consent ledger's source for the consents an erasure withdraws. */
    static final String ERASURE_SOURCE = "erasure";
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "deletedAt", "consentGivenAt");

    private final CustomerRepository customers;
    private final ConsentEventRepository consentLedger;
    private final CustomerEvents events;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final ObjectMapper json;
    private final Validator validator;
    private final IdempotencyKeys idempotency;
    private final CustomerSearch search;
    private final CustomersConfig config;

    public CustomerService(CustomerRepository customers, ConsentEventRepository consentLedger, CustomerEvents events,
                           AuditTrail audit, CurrentActor actor, ObjectMapper json, Validator validator,
                           IdempotencyKeys idempotency, CustomerSearch search, CustomersConfig config) {
        this.search = search;
        this.config = config;
        this.customers = customers;
        this.consentLedger = consentLedger;
        this.events = events;
        this.audit = audit;
        this.actor = actor;
        this.json = json;
        this.validator = validator;
        this.idempotency = idempotency;
    }

    /** A default region libphonenumber does not know would refuse every national number: it stops the start instead. */
    void checkDefaultRegion(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        config.defaultRegion().filter(r -> !PhoneNumbers.knownRegion(r)).ifPresent(r -> {
            throw new IllegalStateException("dnwerks.customers.default-region=" + r + " is not a region libphonenumber knows");
        });
    }

    /** Creates a customer; a retry with the same Idempotency-Key gets the first answer back. */
    @WithTransaction
    public Uni<Replayable<CustomerView>> create(CustomerData data, String idempotencyKey) {
        String scope = "customers.create:" + actor.get().userId();
        return Transactions.current().flatMap(tx -> idempotency.once(tx, scope, idempotencyKey, data, CustomerView.class,
                () -> insert(tx, data)));
    }

    private Uni<CustomerView> insert(Tx tx, CustomerData data) {
        OffsetDateTime now = now();
        Customer c = new Customer();
        c.id = Ids.timeOrdered();
        c.createdAt = now;
        c.smsConsent = true;
        apply(data, c, now);
        CustomerView view = CustomerView.of(c);
        List<ConsentEvent> ledger = consentChanges(null, view, now, API_SOURCE);
        return customers.persist(c)
                .call(() -> consentLedger.persist(ledger))
                .call(() -> events.created(tx, c))
                .call(() -> audit.inserted(tx, TABLE, c.id, view))
                .replaceWith(view);
    }

    @WithSession
    public Uni<CustomerView> get(UUID id) {
        return customers.findLive(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", id))
                .map(CustomerView::of);
    }

    /**
     * A page of live customers: the ids found by one statement ({@link CustomerSearch}), the customers
     * loaded by id and put back in that order.
     *
     * @param personalData whether {@code q} may match e-mail addresses and phone numbers (not for viewers)
     */
    @WithSession
    public Uni<CursorPage<CustomerView>> list(CustomerFilter filter, boolean personalData, Integer limit, String cursor) {
        int size = CursorPage.clamp(limit);
        return search.page(filter, personalData, cursor, size + 1).flatMap(hits -> {
            if (hits.isEmpty()) {
                return Uni.createFrom().item(new CursorPage<CustomerView>(List.of(), null));
            }
            List<UUID> ids = hits.stream().map(CustomerSearch.Hit::id).toList();
            return customers.list("id in ?1", ids).map(found -> {
                Map<UUID, Customer> byId = new HashMap<>();
                found.forEach(c -> byId.put(c.id, c));
                // a customer deleted between the two reads is left out; the cursor still follows the page
                List<CustomerSearch.Hit> kept = hits.stream().filter(h -> byId.containsKey(h.id()) && byId.get(h.id()).deletedAt == null).toList();
                boolean more = hits.size() > size;
                List<CustomerSearch.Hit> page = kept.subList(0, Math.min(size, kept.size()));
                String next = more ? hits.get(size - 1).cursor() : null;
                return new CursorPage<>(page.stream().map(h -> CustomerView.of(byId.get(h.id()))).toList(), next);
            });
        });
    }

    /**
     * JSON merge patch (RFC 7396): the fields present replace the current ones, null clears them;
     * the merged customer is validated as a whole before anything is written.
     */
    @WithTransaction
    public Uni<CustomerView> patch(UUID id, ObjectNode patch) {
        return Transactions.current().flatMap(tx -> customers.findLiveForUpdate(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", id))
                .flatMap(c -> {
                    CustomerView before = CustomerView.of(c);
                    CustomerData merged = merge(before.toData(), patch);
                    OffsetDateTime now = now();
                    OffsetDateTime lastUpdated = c.updatedAt;
                    apply(merged, c, now);
                    CustomerView after = CustomerView.of(c);
                    List<ConsentEvent> ledger = consentChanges(before, after, now, API_SOURCE);
                    boolean consentChanged = !ledger.isEmpty();
                    if (after.equals(withUpdatedAt(before, now))) {
                        // nothing changed: no event, no audit entry, and the row keeps its updated_at (the
                        // entity is managed: left at now, the commit would write it)
                        c.updatedAt = lastUpdated;
                        return Uni.createFrom().item(before);
                    }
                    Uni<Void> consent = consentChanged
                            ? consentLedger.persist(ledger).chain(() -> events.consentChanged(tx, c, API_SOURCE))
                            : Uni.createFrom().voidItem();
                    return consent
                            .chain(() -> events.updated(tx, c))
                            .chain(() -> audit.updated(tx, TABLE, c.id, before, after))
                            .replaceWith(after);
                }));
    }

    /** Soft delete: the row stays for the audit trail and history, but the customer is never texted again. */
    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return Transactions.current().flatMap(tx -> customers.findLiveForUpdate(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", id))
                .flatMap(c -> {
                    CustomerView before = CustomerView.of(c);
                    OffsetDateTime now = now();
                    c.deletedAt = now;
                    c.updatedAt = now;
                    return events.deleted(tx, c).chain(() -> audit.deleted(tx, TABLE, c.id, before));
                }));
    }

    /**
     * Right to erasure (GDPR Art. 17): everything that identifies the customer goes, in one transaction
     * with the CustomerErased that tells the other services to do the same with theirs. What stays is
     * what a sender may keep to honour the person's wishes and prove it did: the row's id and dates,
     * the consent ledger (without its proofs, which hold IP addresses and form texts; with a line for
     * each consent the erasure withdrew), and the keyed hash of the number. The customer is deleted:
     * they leave every segment and are never texted again. Their tags go; stored answers of requests
     * that hold their data (idempotency keys) go. Erasing again answers the first erasure.
     */
    @WithTransaction
    public Uni<Erasure> erase(UUID id) {
        return Transactions.current().flatMap(tx -> customers.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", id))
                .flatMap(c -> {
                    if (c.erasedAt != null) {
                        return Uni.createFrom().item(new Erasure(c.id, c.erasedAt, c.phoneHash));
                    }
                    OffsetDateTime now = now();
                    String hash = new io.dnwerks.customer.domain.PhoneHash(config.erasurePhoneHashKey()).of(c.phone);
                    List<ConsentEvent> ledger = new ArrayList<>();
                    if (c.smsConsent) {
                        ledger.add(consent(c.id, ConsentEvent.SMS, false, ERASURE_SOURCE, now));
                    }
                    if (c.emailConsent) {
                        ledger.add(consent(c.id, ConsentEvent.EMAIL, false, ERASURE_SOURCE, now));
                    }
                    c.firstName = null;
                    c.lastName = null;
                    c.phone = null;
                    c.country = null;
                    c.email = null;
                    c.dateOfBirth = null;
                    c.notes = null;
                    c.source = null;
                    c.timezone = "UTC";
                    c.preferredLanguage = "en";
                    c.smsConsent = false;
                    c.emailConsent = false;
                    c.phoneHash = hash;
                    c.erasedAt = now;
                    c.deletedAt = c.deletedAt == null ? now : c.deletedAt;
                    c.updatedAt = now;
                    Erasure erasure = new Erasure(c.id, now, hash);
                    return customers.flush()
                            .chain(() -> consentLedger.persist(ledger))
                            .chain(() -> tx.execute("DELETE FROM customer_tags WHERE customer_id = $1", id))
                            .chain(() -> tx.execute("UPDATE consent_events SET proof = NULL WHERE customer_id = $1 AND proof IS NOT NULL", id))
                            // a replay of the customer's creation would hand their data back: forgotten
                            .chain(() -> tx.execute("DELETE FROM idempotency_keys WHERE position($1 in response_body) > 0", id.toString()))
                            .chain(() -> events.erased(tx, new CustomerErased(id, hash, now)))
                            // the audit trail records the fact, never the values erased
                            .chain(() -> audit.updated(tx, TABLE, id, Map.of("erased", false), Map.of("erased", true, "erasedAt", now)))
                            .replaceWith(erasure);
                }));
    }

    private CustomerData merge(CustomerData current, ObjectNode patch) {
        List<String> readOnly = new ArrayList<>();
        patch.fieldNames().forEachRemaining(f -> {
            if (READ_ONLY.contains(f)) {
                readOnly.add(f);
            }
        });
        if (!readOnly.isEmpty()) {
            throw ApiException.invalid(readOnly.get(0), "cannot be changed");
        }
        ObjectNode base = json.valueToTree(current);
        base.setAll(patch);
        CustomerData merged;
        try {
            merged = json.treeToValue((JsonNode) base, CustomerData.class);
        } catch (JsonMappingException e) {
            throw new ApiException(JsonProblems.of(e));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", e.getOriginalMessage());
        }
        Set<ConstraintViolation<CustomerData>> violations = validator.validate(merged);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return merged;
    }

    private void apply(CustomerData d, Customer c, OffsetDateTime now) {
        c.firstName = blankToNull(d.firstName());
        c.lastName = blankToNull(d.lastName());
        if (c.phone == null || !c.phone.equals(d.phone()) || d.region() != null) {
            PhoneNumbers.Normalized phone = phone(d);
            c.phone = phone.e164();
            c.country = phone.country();
        } else if (c.country == null) {
            // a number kept as it was, stored before numbers were checked: its country, if it has one
            c.country = PhoneNumbers.countryOf(c.phone);
        }
        c.email = d.email() == null ? null : d.email().toLowerCase(Locale.ROOT);
        c.dateOfBirth = d.dateOfBirth();
        c.timezone = d.timezone() == null ? "UTC" : d.timezone();
        c.preferredLanguage = d.preferredLanguage() == null ? "en" : d.preferredLanguage();
        boolean sms = d.smsConsent() == null ? c.smsConsent : d.smsConsent();
        if (sms && (!c.smsConsent || c.consentGivenAt == null)) {
            c.consentGivenAt = now;
            c.consentSource = API_SOURCE;
        }
        c.smsConsent = sms;
        c.emailConsent = d.emailConsent() != null && d.emailConsent();
        c.doNotContact = d.doNotContact() != null && d.doNotContact();
        c.source = blankToNull(d.source());
        c.notes = d.notes();
        c.updatedAt = now;
    }

    /** The number given, made E.164 in its region or the default one (checked by {@link ValidPhone} before). */
    private PhoneNumbers.Normalized phone(CustomerData d) {
        try {
            return PhoneNumbers.normalize(d.phone(), d.region() != null ? d.region() : config.defaultRegion().orElse(null));
        } catch (PhoneNumbers.InvalidPhoneException e) {
            throw ApiException.invalid("phone", e.getMessage());
        }
    }

    /** Ledger lines for each consent flag that a create sets or an update changes. */
    private List<ConsentEvent> consentChanges(CustomerView before, CustomerView after, OffsetDateTime now, String source) {
        List<ConsentEvent> ledger = new ArrayList<>();
        if (before == null || before.smsConsent() != after.smsConsent()) {
            ledger.add(consent(after.id(), ConsentEvent.SMS, after.smsConsent(), source, now));
        }
        if (before == null ? after.emailConsent() : before.emailConsent() != after.emailConsent()) {
            ledger.add(consent(after.id(), ConsentEvent.EMAIL, after.emailConsent(), source, now));
        }
        if (before == null ? after.doNotContact() : before.doNotContact() != after.doNotContact()) {
            ledger.add(consent(after.id(), ConsentEvent.DO_NOT_CONTACT, after.doNotContact(), source, now));
        }
        return ledger;
    }

    private ConsentEvent consent(UUID customerId, String channel, boolean granted, String source, OffsetDateTime now) {
        ConsentEvent e = new ConsentEvent();
        e.id = Ids.timeOrdered();
        e.customerId = customerId;
        e.channel = channel;
        e.granted = granted;
        e.source = source;
        e.changedBy = actor.get().userId();
        e.occurredAt = now;
        return e;
    }

    private static CustomerView withUpdatedAt(CustomerView v, OffsetDateTime at) {
        return new CustomerView(v.id(), v.firstName(), v.lastName(), v.phone(), v.country(), v.email(), v.dateOfBirth(), v.timezone(),
                v.preferredLanguage(), v.smsConsent(), v.emailConsent(), v.consentGivenAt(), v.doNotContact(), v.source(),
                v.notes(), v.createdAt(), at, v.deletedAt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static OffsetDateTime now() {
        // microseconds: what PostgreSQL keeps, so that what we return equals what we stored
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
