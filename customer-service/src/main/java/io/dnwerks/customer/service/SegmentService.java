package io.dnwerks.customer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.Cursors;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.contracts.customer.SegmentChanged;
import io.dnwerks.customer.domain.segment.Condition;
import io.dnwerks.customer.domain.segment.Conditions;
import io.dnwerks.customer.domain.segment.InvalidConditionException;
import io.dnwerks.customer.messaging.SegmentEvents;
import io.dnwerks.customer.repository.SegmentMembershipRepository;
import io.dnwerks.customer.repository.SegmentRepository;
import io.dnwerks.customer.repository.SegmentRepository.Refreshed;
import io.dnwerks.customer.repository.SegmentRepository.SegmentRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Segments: conditions checked and compiled on write, members written from them in bulk. A segment's
 * row, its members, its count, its audit record and its SegmentChanged commit together, on a
 * connection of their own (its members are one statement over every customer, not a Hibernate
 * session's work), under the segments lock that keeps {@link SegmentMaintenance} from evaluating
 * customers against a segment half-filled.
 */
@ApplicationScoped
public class SegmentService {

    static final String SEGMENTS = "customer_segments";
    /** Customers a preview shows; enough to see that the conditions mean what was meant. */
    public static final int SAMPLE = 10;

    private final SegmentRepository segments;
    private final SegmentMembershipRepository memberships;
    private final SegmentEvents events;
    private final AuditTrail audit;
    private final Pool pool;
    private final ObjectMapper json;

    public SegmentService(SegmentRepository segments, SegmentMembershipRepository memberships, SegmentEvents events, AuditTrail audit,
                          Pool pool, ObjectMapper json) {
        this.segments = segments;
        this.memberships = memberships;
        this.events = events;
        this.audit = audit;
        this.pool = pool;
        this.json = json;
    }

    public Uni<SegmentView> create(SegmentData d) {
        if (d.name() == null || d.name().isBlank()) {
            throw ApiException.invalid("name", "is required");
        }
        Condition conditions = parse(d.conditions());
        UUID id = Ids.timeOrdered();
        return Transactions.onConnection(pool, tx -> memberships.lockForRefresh(tx)
                .chain(() -> segments.insert(tx, id, d.name().strip(), d.description(), text(d.conditions()), conditions.relativeToTime()))
                .chain(() -> segments.refresh(tx, id, conditions))
                .flatMap(refreshed -> segments.lock(tx, id).flatMap(row -> {
                    SegmentView view = view(row);
                    return audit.inserted(tx, SEGMENTS, id, view)
                            .chain(() -> events.changed(tx, changed(row, SegmentChanged.CREATED, refreshed)))
                            .replaceWith(view);
                })));
    }

    public Uni<SegmentView> get(UUID id) {
        return segments.find(id).onItem().ifNull().failWith(() -> ApiException.notFound("segment", id)).map(this::view);
    }

    public Uni<CursorPage<SegmentView>> list(Integer limit, String cursor) {
        int size = CursorPage.clamp(limit);
        String after = cursor == null ? null : Cursors.decode(cursor);
        String afterName = after == null ? null : after.substring(0, after.lastIndexOf('\n'));
        UUID afterId = after == null ? null : uuidOf(after.substring(after.lastIndexOf('\n') + 1));
        return segments.page(afterName, afterId, size + 1)
                .map(rows -> CursorPage.of(rows, size, this::view, r -> Cursors.encode(r.name() + "\n" + r.id())));
    }

    /** Name, description, active and conditions as given; new conditions refresh the members at once. */
    public Uni<SegmentView> update(UUID id, SegmentData d) {
        if (d.name() != null && d.name().isBlank()) {
            throw ApiException.invalid("name", "must not be blank");
        }
        Condition parsed = d.conditions() == null ? null : parse(d.conditions());
        return Transactions.onConnection(pool, tx -> memberships.lockForRefresh(tx).chain(() -> locked(tx, id)).flatMap(before -> {
            SegmentView old = view(before);
            String conditions = d.conditions() == null ? before.conditions() : text(d.conditions());
            boolean relative = parsed == null ? before.relativeToTime() : parsed.relativeToTime();
            return segments.update(tx, id, d.name() == null ? before.name() : d.name().strip(),
                            d.description() == null ? before.description() : d.description(), conditions,
                            d.active() == null ? before.active() : d.active(), relative)
                    .chain(() -> parsed == null ? Uni.createFrom().item(new Refreshed(before.customerCount(), 0, 0))
                            : segments.refresh(tx, id, parsed))
                    .flatMap(refreshed -> segments.lock(tx, id).flatMap(row -> {
                        SegmentView now = view(row);
                        return audit.updated(tx, SEGMENTS, id, old, now)
                                .chain(() -> events.changed(tx, changed(row, SegmentChanged.UPDATED, refreshed)))
                                .replaceWith(now);
                    }));
        }));
    }

    public Uni<Void> delete(UUID id) {
        return Transactions.onConnection(pool, tx -> memberships.lockForRefresh(tx).chain(() -> locked(tx, id))
                .flatMap(before -> segments.delete(tx, id)
                        .chain(() -> audit.deleted(tx, SEGMENTS, id, view(before)))
                        .chain(() -> events.changed(tx, new SegmentChanged(id, before.name(), SegmentChanged.DELETED, 0, 0,
                                before.customerCount(), List.of(), List.of(), OffsetDateTime.now(ZoneOffset.UTC))))));
    }

    /** Members recomputed from the stored conditions: those who match join, those who do not leave. */
    public Uni<SegmentView> refresh(UUID id) {
        return Transactions.onConnection(pool, tx -> memberships.lockForRefresh(tx).chain(() -> locked(tx, id))
                .flatMap(before -> refreshed(tx, id, before.conditions()))
                .chain(() -> segments.lock(tx, id))
                .map(this::view));
    }

    /**
     * A full refresh in the caller's transaction, which holds the segments lock, and its
     * SegmentChanged; for the API and the schedule of segments relative to time.
     */
    Uni<Refreshed> refreshed(Tx tx, UUID id, String conditions) {
        return segments.refresh(tx, id, parse(json(conditions)))
                .flatMap(refreshed -> segments.lock(tx, id)
                        .flatMap(row -> events.changed(tx, changed(row, SegmentChanged.REFRESHED, refreshed)))
                        .replaceWith(refreshed));
    }

    private static SegmentChanged changed(SegmentRow row, String change, Refreshed refreshed) {
        return new SegmentChanged(row.id(), row.name(), change, refreshed.customerCount(), refreshed.joined(), refreshed.left(),
                List.of(), List.of(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** The conditions evaluated now, stored nowhere. */
    public Uni<SegmentPreview> preview(JsonNode conditions) {
        Condition parsed = parse(conditions);
        // the count and the sample on two connections at once: the preview takes the longer of them, not both
        return Uni.combine().all().unis(segments.count(parsed), segments.sample(parsed, SAMPLE)).asTuple()
                .map(both -> new SegmentPreview(both.getItem1(), both.getItem2().stream()
                        .map(s -> new SegmentPreview.Member(s.id(), s.firstName(), s.lastName(), s.phone())).toList()));
    }

    private Uni<SegmentRow> locked(Tx tx, UUID id) {
        return segments.lock(tx, id).onItem().ifNull().failWith(() -> ApiException.notFound("segment", id));
    }

    /** Checked; a bad condition is a 400 naming its place as {@code conditions<path>}. */
    static Condition parse(JsonNode conditions) {
        try {
            return Conditions.parse(conditions);
        } catch (InvalidConditionException e) {
            throw ApiException.invalid("conditions" + e.path().substring(1), e.reason());
        }
    }

    private SegmentView view(SegmentRow r) {
        return new SegmentView(r.id(), r.name(), r.description(), json(r.conditions()), r.customerCount(), r.active(), r.relativeToTime(),
                r.createdAt(), r.updatedAt(), r.refreshedAt());
    }

    JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored conditions are not JSON", e);
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID uuidOf(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "is not a cursor this list gave");
        }
    }
}
