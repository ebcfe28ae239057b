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
import io.dnwerks.customer.repository.SegmentMembershipRepository;
import io.dnwerks.customer.repository.SegmentRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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
    /** The smallest uuid, where a walk in id order starts. */
    private static final UUID BEFORE_ANY = new UUID(0L, 0L);

    private final TagRepository tags;
    private final CustomerTagRepository customerTags;
    private final CustomerRepository customers;
    private final CustomerEvents events;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final IdempotencyKeys idempotency;
    private final SegmentRepository segments;
    private final SegmentMembershipRepository memberships;
    private final Pool pool;
    private final TaggingConfig config;

    public TagService(TagRepository tags, CustomerTagRepository customerTags, CustomerRepository customers,
                      CustomerEvents events, AuditTrail audit, CurrentActor actor, IdempotencyKeys idempotency,
                      SegmentRepository segments, SegmentMembershipRepository memberships, Pool pool, TaggingConfig config) {
        this.segments = segments;
        this.memberships = memberships;
        this.pool = pool;
        this.config = config;
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
    public Uni<TagView> get(UUID id) {
        return tags.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("tag", id)).map(TagView::of);
    }

    /** Renamed (409 when the name is taken), recoloured, described anew; what is absent stays. */
    @WithTransaction
    public Uni<TagView> update(UUID id, TagChange change) {
        return Transactions.current().flatMap(tx -> tags.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.notFound("tag", id))
                .flatMap(t -> {
                    TagView before = TagView.of(t);
                    if (change.name() != null) {
                        t.name = change.name().strip();
                    }
                    if (change.color() != null) {
                        t.color = change.color();
                    }
                    if (change.description() != null) {
                        t.description = change.description().isEmpty() ? null : change.description();
                    }
                    TagView after = TagView.of(t);
                    if (after.equals(before)) {
                        return Uni.createFrom().item(after);
                    }
                    // flushed here so that a name taken answers 409 before the audit record is written
                    return tags.flush().chain(() -> audit.updated(tx, TAGS, id, before, after)).replaceWith(after);
                }));
    }

    /**
     * A tag deleted is taken off everyone who had it (and they leave the segments that needed it, as
     * after any untagging). A tag a segment's conditions name is not deleted: 409 naming the segments,
     * since their conditions would then test for a tag nobody can have.
     */
    public Uni<Void> delete(UUID id) {
        // under the segments lock: a segment written meanwhile could name the tag after the check
        return Transactions.onConnection(pool, tx -> memberships.lockForRefresh(tx)
                .chain(() -> tx.query("SELECT name FROM tags WHERE id = $1 FOR UPDATE", id)).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(ApiException.notFound("tag", id));
            }
            String name = (String) found.get(0)[0];
            return segments.namingTag(tx, id).flatMap(using -> {
                if (!using.isEmpty()) {
                    return Uni.createFrom().failure(ApiException.conflict("tag-in-use",
                            "segments test for this tag in their conditions: " + String.join(", ", using)));
                }
                return customerTags.untagAll(tx, id).flatMap(untagged -> tx.execute("DELETE FROM tags WHERE id = $1", id)
                        .chain(() -> audit.deleted(tx, TAGS, id, Map.of("id", id, "name", name, "untaggedCount", untagged)))
                        .chain(() -> events.tagDeleted(tx, new CustomerEvents.TagDeleted(id, name, untagged))));
            });
        }));
    }

    /**
     * Puts a tag on listed customers or on a segment's members, a chunk per statement and transaction
     * ({@link CustomerTagRepository#bulkTag}): each chunk commits with its events and an audit record
     * of whom it tagged. A request that fails halfway leaves whole chunks; repeating it tags the rest.
     */
    public Uni<BulkTagged> tagInBulk(UUID tagId, BulkTagging who) {
        UUID actorId = actor.get().userId();
        CustomerTagRepository.Source source = who.segmentId() != null ? CustomerTagRepository.Source.SEGMENT_MEMBERS
                : CustomerTagRepository.Source.LISTED;
        Object from = who.segmentId() != null ? who.segmentId() : who.customerIds().toArray(UUID[]::new);
        Uni<Void> exists = Transactions.onConnection(pool, tx -> tx.query("SELECT 1 FROM tags WHERE id = $1", tagId)
                .flatMap(t -> {
                    if (t.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.notFound("tag", tagId));
                    }
                    return who.segmentId() == null ? Uni.createFrom().voidItem()
                            : tx.query("SELECT 1 FROM customer_segments WHERE id = $1", who.segmentId())
                            .flatMap(s -> s.isEmpty() ? Uni.createFrom().failure(ApiException.notFound("segment", who.segmentId()))
                                    : Uni.createFrom().voidItem());
                }));
        return exists.chain(() -> chunksFrom(new BulkTagged(tagId, 0, 0, 0), source, from, actorId, BEFORE_ANY));
    }

    private Uni<BulkTagged> chunksFrom(BulkTagged sofar, CustomerTagRepository.Source source, Object from, UUID actorId, UUID after) {
        int size = config.chunkSize();
        return Transactions.onConnection(pool, tx -> customerTags.tagChunk(tx, source, from, sofar.tagId(), actorId, after, size)
                .flatMap(chunk -> chunk.tagged().isEmpty() ? Uni.createFrom().item(chunk)
                        : audit.inserted(tx, CUSTOMER_TAGS, sofar.tagId(), Map.of("tagId", sofar.tagId(), "customerIds", chunk.tagged()))
                        .replaceWith(chunk)))
                .flatMap(chunk -> {
                    BulkTagged total = new BulkTagged(sofar.tagId(), sofar.matched() + chunk.matched(),
                            sofar.tagged() + chunk.tagged().size(), sofar.alreadyTagged() + chunk.matched() - chunk.tagged().size());
                    return chunk.matched() < size ? Uni.createFrom().item(total) : chunksFrom(total, source, from, actorId, chunk.last());
                });
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
