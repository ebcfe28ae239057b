package io.dnwerks.customer.service;

import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.idempotency.IdempotencyKeys;
import io.dnwerks.common.idempotency.Replayable;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.Cursors;
import io.dnwerks.common.security.CurrentActor;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.customer.domain.CustomerTag;
import io.dnwerks.customer.domain.Tag;
import io.dnwerks.customer.messaging.CustomerEvents;
import io.dnwerks.customer.repository.CustomerRepository;
import io.dnwerks.customer.repository.CustomerTagRepository;
import io.dnwerks.customer.repository.TagRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tags and who carries them. Tagging is idempotent: tagging twice is one tag, untagging twice no error. */
@ApplicationScoped
public class TagService {

    static final String TAGS = "tags";
    static final String CUSTOMER_TAGS = "customer_tags";

    private final TagRepository tags;
    private final CustomerTagRepository customerTags;
    private final CustomerRepository customers;
    private final CustomerEvents events;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final IdempotencyKeys idempotency;

    public TagService(TagRepository tags, CustomerTagRepository customerTags, CustomerRepository customers,
                      CustomerEvents events, AuditTrail audit, CurrentActor actor, IdempotencyKeys idempotency) {
        this.tags = tags;
        this.customerTags = customerTags;
        this.customers = customers;
        this.events = events;
        this.audit = audit;
        this.actor = actor;
        this.idempotency = idempotency;
    }

    @WithTransaction
    public Uni<Replayable<TagView>> create(TagData d, String idempotencyKey) {
        String scope = "tags.create:" + actor.get().userId();
        return Transactions.current().flatMap(tx -> idempotency.once(tx, scope, idempotencyKey, d, TagView.class, () -> {
            Tag t = new Tag();
            t.id = Ids.timeOrdered();
            t.name = d.name().strip();
            t.color = d.color() == null ? "#007bff" : d.color();
            t.description = d.description();
            t.createdAt = now();
            t.createdBy = actor.get().userId();
            TagView view = TagView.of(t);
            return tags.persist(t).chain(() -> audit.inserted(tx, TAGS, t.id, view)).replaceWith(view);
        }));
    }

    @WithSession
    public Uni<CursorPage<TagView>> list(Integer limit, String cursor) {
        int size = CursorPage.clamp(limit);
        return tags.page(Cursors.decode(cursor), size + 1)
                .map(rows -> CursorPage.of(rows, size, TagView::of, t -> Cursors.encode(t.name)));
    }

    @WithSession
    public Uni<List<UUID>> tagsOf(UUID customerId) {
        return customers.findLive(customerId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", customerId))
                .flatMap(c -> customerTags.tagIdsOf(customerId));
    }

    /** @return true when the tag was added, false when the customer had it already */
    @WithTransaction
    public Uni<Boolean> tag(UUID customerId, UUID tagId) {
        return Transactions.current().flatMap(tx -> requireBoth(customerId, tagId)
                .flatMap(ignored -> customerTags.findById(new CustomerTag.Key(customerId, tagId)))
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(false);
                    }
                    CustomerTag ct = new CustomerTag();
                    ct.customerId = customerId;
                    ct.tagId = tagId;
                    ct.createdAt = now();
                    ct.createdBy = actor.get().userId();
                    Map<String, Object> row = Map.of("customerId", customerId, "tagId", tagId);
                    return customerTags.persist(ct)
                            .chain(() -> events.tagged(tx, customerId, tagId, true))
                            .chain(() -> audit.inserted(tx, CUSTOMER_TAGS, customerId, row))
                            .replaceWith(true);
                }));
    }

    /** @return true when the tag was removed, false when the customer did not have it */
    @WithTransaction
    public Uni<Boolean> untag(UUID customerId, UUID tagId) {
        return Transactions.current().flatMap(tx -> requireBoth(customerId, tagId)
                .flatMap(ignored -> customerTags.delete("customerId = ?1 and tagId = ?2", customerId, tagId))
                .flatMap(deleted -> deleted == 0
                        ? Uni.createFrom().item(false)
                        : events.tagged(tx, customerId, tagId, false)
                                .chain(() -> audit.deleted(tx, CUSTOMER_TAGS, customerId, Map.of("customerId", customerId, "tagId", tagId)))
                                .replaceWith(true)));
    }

    private Uni<Tag> requireBoth(UUID customerId, UUID tagId) {
        return customers.findLive(customerId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer", customerId))
                .flatMap(c -> tags.findById(tagId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("tag", tagId));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
