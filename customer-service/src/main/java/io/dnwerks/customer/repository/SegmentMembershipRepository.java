package io.dnwerks.customer.repository;

import io.dnwerks.common.tx.Tx;
import io.dnwerks.customer.domain.segment.Condition;
import io.dnwerks.customer.domain.segment.ConditionSql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The upkeep of segment_memberships between full refreshes: the queue of customers to re-evaluate
 * (filled by triggers on customers and customer_tags, see V2026.12.03.1) and the statement that
 * re-evaluates a batch of them against a group of segments.
 * <p>
 * Who may write memberships at once: a full refresh, a new segment or new conditions hold the
 * {@linkplain #lockForRefresh exclusive} segments lock until they commit; a maintenance round holds
 * it {@linkplain #lockForMaintenance shared}. A round that starts while a new segment is being
 * filled therefore waits for it and then sees it, so a customer changed during the fill is not left
 * as the fill's snapshot saw them.
 */
@ApplicationScoped
public class SegmentMembershipRepository {

    /** A segment as a maintenance round evaluates it. */
    public record Evaluated(UUID id, String name, Condition conditions) {
    }

    /** What a round did to one segment: who joined, who left, and its count after. */
    public record Moves(UUID segmentId, int customerCount, List<UUID> joined, List<UUID> left) {
    }

    /** A segment whose conditions compare with today, last refreshed too long ago. */
    public record Due(UUID id, String conditions) {
    }

    private static final String LOCK_KEY = "hashtext('dnwerks-segments:' || current_schema())";

    /**
     * Parameters a statement may carry are at most 65,535; a segment has at most 100 rules, each of
     * one parameter, so this many segments per statement stay far below whatever they hold.
     */
    public static final int SEGMENTS_PER_STATEMENT = 50;

    public Uni<Void> lockForRefresh(Tx tx) {
        return tx.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").replaceWithVoid();
    }

    public Uni<Void> lockForMaintenance(Tx tx) {
        return tx.query("SELECT pg_advisory_xact_lock_shared(" + LOCK_KEY + ")").replaceWithVoid();
    }

    /** Where in the queue's order a round ended: the next one starts after it. */
    public record QueuePosition(OffsetDateTime queuedAt, UUID customerId) {
        public static final QueuePosition HEAD = new QueuePosition(OffsetDateTime.parse("1970-01-01T00:00:00Z"), new UUID(0, 0));
    }

    /** Customers taken off the queue, and where the round ended. */
    public record Claimed(List<UUID> customers, QueuePosition last) {
    }

    /**
     * Takes up to {@code limit} queued customers off the queue after {@code after}, in queue order,
     * skipping those a transaction still in progress has just queued again (they come in a later
     * round, as committed).
     */
    public Uni<Claimed> claim(Tx tx, QueuePosition after, int limit) {
        return tx.query("""
                WITH claimed AS (
                    SELECT ctid, customer_id, queued_at FROM segment_pending
                    WHERE (queued_at, customer_id) > ($2, $3)
                    ORDER BY queued_at, customer_id LIMIT $1
                    FOR UPDATE SKIP LOCKED
                ),
                -- by ctid (the rows are locked, so it stays theirs): a TID scan whatever the
                -- planner believes of the queue's size; a join planned while the queue looked empty
                -- scanned all of it each round (a million queued took 92 s to drain)
                gone AS (
                    DELETE FROM segment_pending p WHERE p.ctid = ANY (ARRAY(SELECT ctid FROM claimed))
                )
                SELECT customer_id, queued_at FROM claimed ORDER BY queued_at, customer_id
                """, limit, after.queuedAt(), after.customerId()).map(rows -> {
            List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
            Object[] last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            return new Claimed(ids, last == null ? after : new QueuePosition((OffsetDateTime) last[1], (UUID) last[0]));
        });
    }

    /** Customers queued and not yet evaluated, for health and tests. */
    public Uni<Long> queued(Tx tx) {
        return tx.query("SELECT count(*) FROM segment_pending").map(rows -> ((Number) rows.get(0)[0]).longValue());
    }

    /**
     * Every segment, its row locked until the round commits, in id order (two replicas' rounds lock
     * them in one order and cannot deadlock on the counts they both move).
     */
    public Uni<List<Object[]>> lockAll(Tx tx) {
        return tx.query("SELECT id, name, conditions::text FROM customer_segments ORDER BY id FOR UPDATE");
    }

    /**
     * Re-evaluates {@code customers} against {@code segments} in one statement: memberships that no
     * longer hold are deleted, new ones inserted, each segment's count moved by the difference.
     * Answers the segments something happened to.
     */
    public Uni<List<Moves>> reconcile(Tx tx, List<UUID> customers, List<Evaluated> segments) {
        Statement s = reconcileStatement(customers, segments);
        return tx.query(s.sql(), s.params().toArray()).map(rows -> rows.stream()
                .map(r -> new Moves((UUID) r[0], ((Number) r[1]).intValue(), Arrays.asList((UUID[]) r[2]), Arrays.asList((UUID[]) r[3])))
                .toList());
    }

    /** A statement and its parameters. */
    record Statement(String sql, List<Object> params) {
    }

    // $1 the customers, $2 the segments of this statement, then per segment its id and its
    // predicate's parameters. "should" is every (segment, customer) pair that holds now, by the same
    // definition of members as a full refresh; the DELETE and the INSERT see one snapshot, so a pair
    // that holds is neither deleted nor inserted twice.
    static Statement reconcileStatement(List<UUID> customers, List<Evaluated> segments) {
        List<Object> params = new ArrayList<>();
        params.add(customers.toArray(UUID[]::new));
        params.add(segments.stream().map(Evaluated::id).toArray(UUID[]::new));
        List<String> should = new ArrayList<>();
        for (Evaluated segment : segments) {
            params.add(segment.id());
            int idParam = params.size();
            ConditionSql.Predicate predicate = ConditionSql.compile(segment.conditions(), idParam + 1);
            params.addAll(predicate.params());
            should.add("SELECT cast($" + idParam + " AS uuid) AS segment_id, m.id AS customer_id FROM ("
                    + SegmentRepository.members(predicate.sql()) + ") m WHERE m.id = ANY($1)");
        }
        String sql = """
                WITH should AS (
                    %s
                ),
                gone AS (
                    DELETE FROM segment_memberships m
                    WHERE m.customer_id = ANY($1) AND m.segment_id = ANY($2)
                      AND NOT EXISTS (SELECT 1 FROM should s WHERE s.segment_id = m.segment_id AND s.customer_id = m.customer_id)
                    RETURNING m.segment_id, m.customer_id
                ),
                came AS (
                    INSERT INTO segment_memberships (segment_id, customer_id)
                    SELECT segment_id, customer_id FROM should
                    ON CONFLICT DO NOTHING
                    RETURNING segment_id, customer_id
                ),
                moves AS (
                    SELECT segment_id, customer_id, true AS joined FROM came
                    UNION ALL
                    SELECT segment_id, customer_id, false FROM gone
                ),
                counted AS (
                    UPDATE customer_segments s SET customer_count = s.customer_count + d.delta
                    FROM (SELECT segment_id, sum(CASE WHEN joined THEN 1 ELSE -1 END)::int AS delta FROM moves GROUP BY segment_id) d
                    WHERE s.id = d.segment_id
                    RETURNING s.id, s.customer_count
                )
                SELECT c.id, c.customer_count,
                       array(SELECT customer_id FROM moves m WHERE m.segment_id = c.id AND m.joined ORDER BY 1) AS joined,
                       array(SELECT customer_id FROM moves m WHERE m.segment_id = c.id AND NOT m.joined ORDER BY 1) AS left_
                FROM counted c
                """.formatted(String.join("\n    UNION ALL\n    ", should));
        return new Statement(sql, params);
    }

    private static final String DUE = "relative_to_time AND refreshed_at < now() - make_interval(secs => cast($1 AS double precision))";

    /** Whether some segment relative to time was refreshed longer ago than {@code maxAge}; takes no lock. */
    public Uni<Boolean> anyDue(Tx tx, Duration maxAge) {
        return tx.query("SELECT EXISTS (SELECT 1 FROM customer_segments WHERE " + DUE + ")", seconds(maxAge))
                .map(rows -> Boolean.TRUE.equals(rows.get(0)[0]));
    }

    /**
     * The segment relative to time refreshed longest ago, if longer ago than {@code maxAge}, its row
     * locked; the caller holds the segments lock already (taken first, as every writer does).
     */
    public Uni<Due> nextDue(Tx tx, Duration maxAge) {
        return tx.query("SELECT id, conditions::text FROM customer_segments WHERE " + DUE + " ORDER BY refreshed_at LIMIT 1 FOR UPDATE",
                seconds(maxAge)).map(rows -> rows.isEmpty() ? null : new Due((UUID) rows.get(0)[0], (String) rows.get(0)[1]));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /**
     * customer_segment_stats made current without blocking its readers; one replica at a time (a
     * second would only repeat the work). Answers whether this one did it.
     */
    public Uni<Boolean> refreshStats(Tx tx) {
        return tx.query("SELECT pg_try_advisory_xact_lock(hashtext('dnwerks-segment-stats:' || current_schema()))")
                .flatMap(rows -> Boolean.TRUE.equals(rows.get(0)[0])
                        ? tx.query("SELECT refresh_segment_stats()").replaceWith(true)
                        : Uni.createFrom().item(false));
    }
}
