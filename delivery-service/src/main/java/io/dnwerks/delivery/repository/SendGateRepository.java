package io.dnwerks.delivery.repository;

import io.dnwerks.common.db.IndexLookups;
import io.dnwerks.delivery.repository.DispatchRepository.Claimed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The last check before messages go to the gateway, in one transaction: numbers suppressed since the
 * claim (a STOP while the chunk waited for the rate limit) are left out, and each other message takes
 * a slot of its number's frequency cap. Slots are counted and taken under a transaction-scoped
 * advisory lock per number (taken in number order, so replicas cannot deadlock), so two replicas
 * sending two campaigns to one number cannot both take its last slot. A message that holds a slot
 * already (its round died after taking it) keeps it. Last, every message that may go is marked handed
 * over (handed_over_at), in the same transaction, committed before the request: only a message whose
 * lease the round still holds is marked, and only a marked one goes.
 */
@ApplicationScoped
public class SendGateRepository {

    /** What may go: {@code admitted}; why the others may not: suppressed (reason by phone), or over the cap (next slot by phone). */
    public record Admission(List<Claimed> admitted, Map<String, String> suppressed, Map<String, OffsetDateTime> capped) {
    }

    private static final String SUPPRESSED = """
            SELECT phone, suppressed_reason FROM recipients WHERE phone = ANY($1::text[]) AND suppressed_reason IS NOT NULL
            """;

    // hashtextextended: a 64-bit key per number; the order makes every transaction take its locks alike
    private static final String LOCK_NUMBERS = """
            SELECT count(pg_advisory_xact_lock(hashtextextended(p, 9))) FROM (SELECT DISTINCT unnest($1::text[]) AS p ORDER BY 1) n
            """;

    // the chunk's messages in order; those holding a slot keep it, the others take one while the number
    // has fewer than $3 in the window (the k-th new message of a number counts the k-1 before it)
    private static final String TAKE_SLOTS = """
            WITH x AS (SELECT * FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS x(phone, message_id, n)),
            held AS (SELECT s.message_id FROM recipient_sends s JOIN x ON x.message_id = s.message_id),
            fresh AS (
                SELECT x.phone, x.message_id, row_number() OVER (PARTITION BY x.phone ORDER BY x.n) AS k
                FROM x WHERE x.message_id NOT IN (SELECT message_id FROM held)
            ),
            taken AS (
                INSERT INTO recipient_sends (message_id, phone, sent_at)
                SELECT f.message_id, f.phone, now() FROM fresh f
                WHERE (SELECT count(*) FROM recipient_sends s WHERE s.phone = f.phone AND s.sent_at > now() - make_interval(secs => $4))
                      + f.k <= $3
                RETURNING message_id
            )
            SELECT message_id FROM taken UNION ALL SELECT message_id FROM held
            """;

    // when each capped number gets a slot back: its oldest send in the window leaves it
    private static final String NEXT_SLOT = """
            SELECT phone, min(sent_at) + make_interval(secs => $2) AS next_slot FROM recipient_sends
            WHERE phone = ANY($1::text[]) AND sent_at > now() - make_interval(secs => $2) GROUP BY phone
            """;

    // the committed record, before the request, that these messages are being handed over (see
    // DispatchRepository.Claimed); a message another round has taken meanwhile is not marked, and not sent
    private static final String MARK_HANDED_OVER = """
            UPDATE campaign_messages m SET handed_over_at = now()
            FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, created_at)
            WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE AND m.lease_owner = $3
            RETURNING m.id
            """;

    private static final String FORGET = "DELETE FROM recipient_sends WHERE sent_at < now() - make_interval(secs => $1)";

    private final Pool pool;

    public SendGateRepository(Pool pool) {
        this.pool = pool;
    }

    /** @param limit the cap per number and window; 0 checks suppression only */
    public Uni<Admission> admit(UUID round, List<Claimed> chunk, int limit, Duration window) {
        return pool.withTransaction(conn -> check(conn, chunk, limit, window).flatMap(a -> mark(conn, round, a)));
    }

    private Uni<Admission> mark(SqlConnection conn, UUID round, Admission a) {
        if (a.admitted().isEmpty()) {
            return Uni.createFrom().item(a);
        }
        Tuple args = Tuple.of(a.admitted().stream().map(Claimed::id).toArray(UUID[]::new),
                a.admitted().stream().map(Claimed::createdAt).toArray(OffsetDateTime[]::new), round);
        return IndexLookups.only(conn).chain(() -> conn.preparedQuery(MARK_HANDED_OVER).execute(args)).map(rows -> {
            Set<UUID> marked = new HashSet<>();
            rows.forEach(r -> marked.add(r.getUUID("id")));
            return marked.size() == a.admitted().size() ? a
                    : new Admission(a.admitted().stream().filter(m -> marked.contains(m.id())).toList(), a.suppressed(), a.capped());
        });
    }

    private Uni<Admission> check(SqlConnection conn, List<Claimed> chunk, int limit, Duration window) {
        String[] phones = chunk.stream().map(Claimed::phone).toArray(String[]::new);
        return conn.preparedQuery(SUPPRESSED).execute(Tuple.of(phones)).flatMap(rows -> {
            Map<String, String> suppressed = new HashMap<>();
            rows.forEach(r -> suppressed.put(r.getString("phone"), r.getString("suppressed_reason")));
            // a message a dead round may have handed over already is asked for again whatever the list says
            // (see Claimed.stoppedBySuppression); every other one to a suppressed number stays unsent
            List<Claimed> open = suppressed.isEmpty() ? chunk
                    : chunk.stream().filter(m -> m.handedOverBefore() || !suppressed.containsKey(m.phone())).toList();
            if (limit <= 0 || open.isEmpty()) {
                return Uni.createFrom().item(new Admission(open, suppressed, Map.of()));
            }
            return takeSlots(conn, open, limit, window).map(a -> new Admission(a.admitted(), suppressed, a.capped()));
        });
    }

    private Uni<Admission> takeSlots(SqlConnection conn, List<Claimed> open, int limit, Duration window) {
        String[] phones = open.stream().map(Claimed::phone).toArray(String[]::new);
        UUID[] ids = open.stream().map(Claimed::id).toArray(UUID[]::new);
        double seconds = window.toSeconds();
        return conn.preparedQuery(LOCK_NUMBERS).execute(Tuple.of(phones))
                .chain(() -> conn.preparedQuery(TAKE_SLOTS).execute(Tuple.of(phones, ids, limit, seconds)))
                .flatMap(rows -> {
                    Set<UUID> admitted = new HashSet<>();
                    rows.forEach(r -> admitted.add(r.getUUID("message_id")));
                    List<Claimed> go = new ArrayList<>(admitted.size());
                    List<String> over = new ArrayList<>();
                    for (Claimed m : open) {
                        if (admitted.contains(m.id())) {
                            go.add(m);
                        } else {
                            over.add(m.phone());
                        }
                    }
                    if (over.isEmpty()) {
                        return Uni.createFrom().item(new Admission(go, Map.of(), Map.of()));
                    }
                    return conn.preparedQuery(NEXT_SLOT).execute(Tuple.of(over.toArray(String[]::new), seconds)).map(next -> {
                        Map<String, OffsetDateTime> capped = new HashMap<>();
                        next.forEach(r -> capped.put(r.getString("phone"), r.getOffsetDateTime("next_slot")));
                        // a number whose slots went to other messages of this very chunk: a window from now
                        over.forEach(p -> capped.putIfAbsent(p, OffsetDateTime.now().plus(window)));
                        return new Admission(go, Map.of(), capped);
                    });
                });
    }

    /** Sends older than the window count for nothing any more. */
    public Uni<Integer> forgetOlderThan(Duration window) {
        return pool.preparedQuery(FORGET).execute(Tuple.of((double) window.toSeconds())).map(rows -> rows.rowCount());
    }
}
