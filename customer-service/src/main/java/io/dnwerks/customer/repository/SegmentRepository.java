package io.dnwerks.customer.repository;

import io.dnwerks.common.tx.Tx;
import io.dnwerks.customer.domain.segment.Condition;
import io.dnwerks.customer.domain.segment.ConditionSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * customer_segments and their memberships, in SQL: a segment's members are written by one statement
 * from its compiled conditions, whatever their number.
 */
@ApplicationScoped
public class SegmentRepository {

    /** A stored segment as the table holds it; {@code conditions} is its JSON text. */
    public record SegmentRow(UUID id, String name, String description, String conditions, int customerCount, boolean active,
                             OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime refreshedAt, boolean relativeToTime) {
    }

    /** What a full refresh did: the count after, how many joined and how many left. */
    public record Refreshed(int customerCount, int joined, int left) {
    }

    /** A customer as a preview shows them. */
    public record Sample(UUID id, String firstName, String lastName, String phone) {
    }

    private static final String COLUMNS = "id, name, description, conditions::text AS conditions, customer_count, is_active, created_at, updated_at,"
            + " refreshed_at, relative_to_time";

    // customers a segment holds: live ones its conditions match; the one definition of who belongs,
    // for the full refresh, the incremental upkeep, the preview and the count
    static String members(String predicate) {
        return "SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND " + predicate;
    }

    private final Pool pool;

    public SegmentRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(Tx tx, UUID id, String name, String description, String conditionsJson, boolean relativeToTime) {
        return tx.execute("""
                INSERT INTO customer_segments (id, name, description, conditions, relative_to_time)
                VALUES ($1, $2, $3, cast(cast($4 AS text) AS jsonb), $5)
                """, id, name, description, conditionsJson, relativeToTime).replaceWithVoid();
    }

    public Uni<Integer> update(Tx tx, UUID id, String name, String description, String conditionsJson, boolean active, boolean relativeToTime) {
        return tx.execute("""
                UPDATE customer_segments SET name = $2, description = $3, conditions = cast(cast($4 AS text) AS jsonb), is_active = $5,
                    relative_to_time = $6, updated_at = now()
                WHERE id = $1
                """, id, name, description, conditionsJson, active, relativeToTime);
    }

    /**
     * The names of the segments whose conditions name a tag. A tag's id is the only uuid conditions can
     * hold (every other value is a name, a number, a date or a prefix), so finding its text is exact.
     */
    public Uni<List<String>> namingTag(Tx tx, UUID tagId) {
        return tx.query("SELECT name FROM customer_segments WHERE position($1 in conditions::text) > 0 ORDER BY name", tagId.toString())
                .map(rows -> rows.stream().map(r -> (String) r[0]).toList());
    }

    public Uni<Integer> delete(Tx tx, UUID id) {
        return tx.execute("DELETE FROM customer_segments WHERE id = $1", id);
    }

    /** The segment, its row locked until the transaction ends (a refresh and a change of it go one after the other). */
    public Uni<SegmentRow> lock(Tx tx, UUID id) {
        return tx.query("SELECT " + COLUMNS + " FROM customer_segments WHERE id = $1 FOR UPDATE", id)
                .map(rows -> rows.isEmpty() ? null : row(rows.get(0)));
    }

    public Uni<SegmentRow> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM customer_segments WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : row(rows.iterator().next()));
    }

    /** By name then id, after the cursor's (name, id). */
    public Uni<List<SegmentRow>> page(String afterName, UUID afterId, int limit) {
        String sql = afterName == null
                ? "SELECT " + COLUMNS + " FROM customer_segments ORDER BY name, id LIMIT $1"
                : "SELECT " + COLUMNS + " FROM customer_segments WHERE (name, id) > ($2, $3) ORDER BY name, id LIMIT $1";
        Tuple args = afterName == null ? Tuple.of(limit) : Tuple.of(limit, afterName, afterId);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<SegmentRow> out = new ArrayList<>();
            rows.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    /**
     * Makes the segment's memberships what its conditions say, in two statements whatever the number
     * of customers: those who no longer match leave, those who newly match join (both by the same
     * predicate), and the count is stored. The caller holds the segments lock
     * ({@link SegmentMembershipRepository#lockForRefresh}).
     */
    /** Members joining or leaving in one fill from which the memberships' statistics are taken again. */
    static final int STATISTICS_AFTER = 10_000;

    public Uni<Refreshed> refresh(Tx tx, UUID segmentId, Condition conditions) {
        ConditionSql.Predicate predicate = ConditionSql.compile(conditions, 2); // after the segment id, $1
        Object[] args = args(segmentId, predicate);
        String leave = """
                DELETE FROM segment_memberships m WHERE m.segment_id = $1
                  AND m.customer_id NOT IN (%s)
                """.formatted(members(predicate.sql()));
        String join = """
                WITH joined AS (
                    -- an anti-join, not ON CONFLICT: the segments lock keeps every other writer of
                    -- these memberships out, and a speculative insertion per row made a million-member
                    -- fill five times as slow as writing the same rows into a new table
                    INSERT INTO segment_memberships (segment_id, customer_id)
                    SELECT $1, matching.id FROM (%s) matching
                    WHERE NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m.segment_id = $1 AND m.customer_id = matching.id)
                    RETURNING 1
                )
                -- the statement does not see its own inserts: those who stayed, and those who joined
                UPDATE customer_segments s SET customer_count = (SELECT count(*) FROM segment_memberships WHERE segment_id = $1)
                    + (SELECT count(*) FROM joined), refreshed_at = now()
                WHERE s.id = $1
                RETURNING s.customer_count, (SELECT count(*) FROM joined)
                """.formatted(members(predicate.sql()));
        return tx.execute(leave, args).flatMap(left -> tx.query(join, args)
                .map(rows -> new Refreshed(((Number) rows.get(0)[0]).intValue(), ((Number) rows.get(0)[1]).intValue(), left)))
                .call(refreshed -> refreshed.joined() + refreshed.left() < STATISTICS_AFTER ? Uni.createFrom().voidItem()
                        // a fill of many members leaves the planner's row counts far behind (57,000 for a
                        // million), and a campaign launched at the segment right after counted its audience
                        // by a plan for the wrong size (4.5 s, not 1); autovacuum would catch up later
                        : tx.execute("ANALYZE segment_memberships").replaceWithVoid());
    }

    /** How many customers the conditions hold now: evaluated, not read from memberships. */
    public Uni<Integer> count(Condition conditions) {
        ConditionSql.Predicate predicate = ConditionSql.compile(conditions, 1);
        return pool.preparedQuery("SELECT count(*) AS n FROM (" + members(predicate.sql()) + ") m")
                .execute(Tuple.from(predicate.params())).map(rows -> rows.iterator().next().getInteger("n"));
    }

    public Uni<List<Sample>> sample(Condition conditions, int limit) {
        ConditionSql.Predicate predicate = ConditionSql.compile(conditions, 1);
        int limitParam = predicate.params().size() + 1;
        List<Object> args = new ArrayList<>(predicate.params());
        args.add(limit);
        // the predicate on the customers read in id order, so that the scan stops at the limit-th match;
        // "id IN (members)" made the planner collect every member first (a third of a preview's time)
        return pool.preparedQuery("SELECT c.id, c.first_name, c.last_name, c.phone FROM customers c WHERE c.deleted_at IS NULL AND "
                        + predicate.sql() + " ORDER BY c.id LIMIT $" + limitParam)
                .execute(Tuple.from(args)).map(rows -> {
                    List<Sample> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Sample(r.getUUID("id"), r.getString("first_name"), r.getString("last_name"), r.getString("phone"))));
                    return out;
                });
    }

    private static Object[] args(UUID first, ConditionSql.Predicate predicate) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(predicate.params());
        return all.toArray();
    }

    private static SegmentRow row(Row r) {
        return new SegmentRow(r.getUUID("id"), r.getString("name"), r.getString("description"), r.getString("conditions"),
                r.getInteger("customer_count"), r.getBoolean("is_active"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
                r.getOffsetDateTime("refreshed_at"), r.getBoolean("relative_to_time"));
    }

    private static SegmentRow row(Object[] r) {
        return new SegmentRow((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue(), (Boolean) r[5],
                (OffsetDateTime) r[6], (OffsetDateTime) r[7], (OffsetDateTime) r[8], (Boolean) r[9]);
    }
}
