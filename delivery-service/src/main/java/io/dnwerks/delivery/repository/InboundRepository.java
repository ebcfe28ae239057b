package io.dnwerks.delivery.repository;

import io.dnwerks.common.tx.ConnectionTx;
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
 * Inbound SMS and the confirmations owed for their keywords. A reply is claimed under a lease, sent
 * with the inbound message's id as idempotency key, and recorded; a reply whose record was lost (a
 * crash) is claimed again once its lease runs out and sent under the same key.
 */
@ApplicationScoped
public class InboundRepository {

    /** An inbound SMS as stored; {@code duplicate} when the gateway had delivered it before. */
    public record Stored(UUID id, String keyword, boolean duplicate) {
    }

    public record Inbound(UUID id, String provider, String externalId, String from, String to, String body, String keyword,
                          String language, OffsetDateTime receivedAt, String replyText) {
    }

    /**
     * A reply claimed for sending, to the number the keyword came from, through the gateway it came by and
     * from the number it was sent to ({@code ourNumber}, null when the gateway did not say);
     * {@code unanswered} when the last attempt's holder died before recording what the gateway said.
     */
    public record Reply(UUID id, String gateway, String ourNumber, String to, String text, int attempts, boolean unanswered) {
    }

    private static final String INSERT = """
            INSERT INTO inbound_messages (id, provider, external_id, from_number, to_number, body, keyword, language, received_at,
                                          reply_text, reply_status, reply_due_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10::text IS NULL THEN NULL ELSE 'pending' END,
                    CASE WHEN $10::text IS NULL THEN NULL ELSE now() END)
            ON CONFLICT (provider, external_id) DO NOTHING
            RETURNING id
            """;

    private static final String EXISTING = "SELECT id, keyword FROM inbound_messages WHERE provider = $1 AND external_id = $2";

    // due replies nobody holds; a lease that ran out (its sender died) is due again, and says so: every
    // recorded answer clears the lease, so one still set was handed over with its answer lost
    private static final String CLAIM_REPLIES = """
            UPDATE inbound_messages i SET reply_lease_until = now() + make_interval(secs => $2), reply_attempts = i.reply_attempts + 1
            FROM (SELECT id, reply_lease_until IS NOT NULL AS unanswered FROM inbound_messages
                  WHERE reply_status = 'pending' AND reply_due_at <= now() AND (reply_lease_until IS NULL OR reply_lease_until < now())
                  ORDER BY reply_due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
            WHERE i.id = due.id
            RETURNING i.id, i.provider, i.to_number, i.from_number, i.reply_text, i.reply_attempts, due.unanswered
            """;

    private static final String REPLY_SENT = """
            UPDATE inbound_messages SET reply_status = 'sent', reply_external_id = $2, replied_at = now(), reply_lease_until = NULL,
                reply_error = $3
            WHERE id = $1 AND reply_status = 'pending'
            """;

    // another try after 2^attempts seconds (at least what the gateway asked), or failed once the attempts are spent
    private static final String REPLY_NOT_SENT = """
            UPDATE inbound_messages SET reply_lease_until = NULL, reply_error = $2,
                reply_status = CASE WHEN $3 OR reply_attempts >= $4 THEN 'failed' ELSE 'pending' END,
                reply_due_at = now() + make_interval(secs => greatest($5, power(2, reply_attempts)))
            WHERE id = $1 AND reply_status = 'pending'
            """;

    private final Pool pool;

    public InboundRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Stored> insert(ConnectionTx tx, Inbound m) {
        Tuple args = Tuple.tuple(List.of(m.id(), m.provider(), m.externalId(), m.from()))
                .addString(m.to()).addString(m.body()).addString(m.keyword()).addString(m.language())
                .addOffsetDateTime(m.receivedAt()).addString(m.replyText());
        return tx.connection().preparedQuery(INSERT).execute(args).flatMap(rows -> rows.size() > 0
                ? Uni.createFrom().item(new Stored(m.id(), m.keyword(), false))
                : tx.connection().preparedQuery(EXISTING).execute(Tuple.of(m.provider(), m.externalId())).map(existing -> {
                    Row r = existing.iterator().next();
                    return new Stored(r.getUUID("id"), r.getString("keyword"), true);
                }));
    }

    public Uni<List<Reply>> claimReplies(int limit, int leaseSeconds) {
        return pool.preparedQuery(CLAIM_REPLIES).execute(Tuple.of(limit, (double) leaseSeconds)).map(rows -> {
            List<Reply> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(new Reply(r.getUUID("id"), r.getString("provider"), r.getString("to_number"),
                    r.getString("from_number"), r.getString("reply_text"), r.getInteger("reply_attempts"), r.getBoolean("unanswered"))));
            return out;
        });
    }

    public Uni<Void> replySent(UUID id, String externalId) {
        return pool.preparedQuery(REPLY_SENT).execute(Tuple.of(id, externalId, null)).replaceWithVoid();
    }

    /** A reply handed over whose answer is unknown, under at-most-once: sent, as far as anyone can tell, and never again. */
    public Uni<Void> replySentUnknown(UUID id, String why) {
        return pool.preparedQuery(REPLY_SENT).execute(Tuple.of(id, null, why)).replaceWithVoid();
    }

    /** @param permanent the gateway will never take it: no further try */
    public Uni<Void> replyNotSent(UUID id, String error, boolean permanent, int maxAttempts, int retryAfterSeconds) {
        return pool.preparedQuery(REPLY_NOT_SENT).execute(Tuple.of(id, error, permanent, maxAttempts, (double) retryAfterSeconds))
                .replaceWithVoid();
    }
}
