package io.dnwerks.delivery.repository;

import io.dnwerks.common.db.IndexLookups;
import io.dnwerks.delivery.domain.CampaignMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.dnwerks.delivery.repository.MessageChangeEvents.auditRecords;
import static io.dnwerks.delivery.repository.MessageChangeEvents.messageEvents;

/**
 * The SQL of dispatch, each step one statement for a whole batch: claim due messages with a lease,
 * then record what the gateway said (sent, retry or give up, rejected), moving the campaign counts
 * (as deltas, see campaign_count_deltas) and writing the message events and audit records into the
 * outbox in the same statement.
 */
@ApplicationScoped
public class DispatchRepository {

    /**
     * A claimed message, leased to this dispatcher until the lease runs out; {@code suppressed} is why
     * its number may no longer be texted (opted-out, do-not-contact, deleted), or null.
     */
    public record Claimed(UUID id, OffsetDateTime createdAt, UUID campaignId, String phone, String text, int retryCount,
                          String suppressed, String timezone, Campaign campaign, boolean handedOverBefore) {

        /**
         * Must this message end unsent because of its number's suppression? Not when a round that died
         * may have handed it over already (handed_over_at is set): then, under at-least-once, the gateway
         * is asked again under the same idempotency key, and one that had it answers without texting
         * again, so that the message's status tells the truth (under at-most-once it is recorded sent,
         * outcome unknown, before this is asked). A STOP stops every message not yet handed over.
         */
        public boolean stoppedBySuppression() {
            return suppressed != null && !handedOverBefore;
        }
    }

    /** A claimed message's campaign's sending rules (its time zone, narrower window, local send time, deadline) and sender. */
    public record Campaign(String timezone, String sendingWindow, LocalDateTime sendAtLocalTime, OffsetDateTime deadline,
                           String senderId) {
    }

    /** A message that may not go yet: it waits {@code waitSeconds} for its window (or cap), costing no retry. */
    public record Deferral(UUID id, OffsetDateTime createdAt, int waitSeconds, String waitingFor) {
    }

    /**
     * What to record for one message: external id when sent, error and retry hint otherwise;
     * {@code charged} when a retry counts against the message's max_retries (the gateway said no to
     * this message, rather than failing the whole request); {@code maybeTaken} when no answer came, so
     * the gateway may have texted it.
     */
    public record Result(UUID id, OffsetDateTime createdAt, String externalId, String error, int retryAfterSeconds, boolean charged,
                         boolean maybeTaken) {

        public Result(UUID id, OffsetDateTime createdAt, String externalId, String error, int retryAfterSeconds, boolean charged) {
            this(id, createdAt, externalId, error, retryAfterSeconds, charged, false);
        }
    }

    // campaigns by priority whose audience is complete ($3 waives that; $4 seconds without a new batch
    // do too: a batch lost to the DLQ must not hold the rest for good); within each, due pending
    // messages nobody holds; rows another dispatcher is claiming right now are skipped, and a lease
    // that ran out (its dispatcher died) is due again. Each comes with its number's suppression, if
    // any: such a message is not sent but ends rejected with the reason, in the same round
    private static final String CLAIM = """
            WITH c AS (
                SELECT dc.campaign_id FROM delivery_campaigns dc
                WHERE dc.status = 'sending' AND dc.pending > 0
                  AND ($3 OR (dc.batch_count IS NOT NULL AND dc.batches_received >= dc.batch_count)
                       OR dc.audience_updated_at < now() - make_interval(secs => $4))
                  -- a campaign whose pending messages all wait (for their window, the cap, a local send
                  -- time) must not hold a place that a campaign with due messages needs
                  AND EXISTS (SELECT 1 FROM campaign_messages w WHERE w.campaign_id = dc.campaign_id AND w.status = 'pending'
                              AND coalesce(w.next_retry_at, '-infinity'::timestamptz) <= now())
                ORDER BY dc.priority DESC, dc.launched_at
                LIMIT 20
            ),
            due AS (
                SELECT m.id, m.created_at
                FROM c CROSS JOIN LATERAL (
                    SELECT id, created_at FROM campaign_messages m
                    WHERE m.campaign_id = c.campaign_id AND m.status = 'pending'
                      AND coalesce(m.next_retry_at, '-infinity'::timestamptz) <= now()
                      AND (m.lease_until IS NULL OR m.lease_until < now())
                    LIMIT $1
                    FOR UPDATE SKIP LOCKED
                ) m
                LIMIT $1
            )
            UPDATE campaign_messages m SET lease_until = now() + make_interval(secs => $2), lease_owner = $5
            FROM due, delivery_campaigns c WHERE m.id = due.id AND m.created_at = due.created_at AND c.campaign_id = m.campaign_id
            RETURNING m.id, m.created_at, m.campaign_id, m.phone_number, m.message_content, m.retry_count,
                (SELECT r.suppressed_reason FROM recipients r WHERE r.phone = m.phone_number) AS suppressed, m.timezone,
                c.timezone AS campaign_timezone, c.sending_window, c.send_at_local_time, c.deadline, c.sender_id,
                -- set and committed right before a hand-over, cleared by an answer that says the gateway did
                -- not take it: still set on a pending message means a round that died may have handed it over
                m.handed_over_at IS NOT NULL AS handed_over_before
            """;

    // "(m.status = ...) IS TRUE" below is the same test as "m.status = ...", written so that no index
    // can serve it: with statistics lagging a fast-growing partition, the planner took the status
    // index for a few rows and filtered 500 ids against it, when each message is one primary-key
    // lookup away (see IndexLookups)
    private static final String SENT = """
            WITH x AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS x(id, created_at, external_id)),
            upd AS (
                UPDATE campaign_messages m SET status = 'sent', external_id = x.external_id, sent_at = now(), lease_until = NULL,
                    lease_owner = NULL, error_message = NULL, waiting_for = NULL
                FROM x WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE
                  AND m.lease_owner = $4
                RETURNING m.id, m.created_at, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count
            ),
            ext AS (
                INSERT INTO message_external_ids (external_id, message_id, created_at)
                SELECT external_id, id, created_at FROM upd ON CONFLICT DO NOTHING
            ),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, pending, sent)
                SELECT campaign_id, -count(*), count(*) FROM upd GROUP BY campaign_id
            ),
            audit AS (%s)
            %s
            """.formatted(auditRecords("upd", "'pending'"), messageEvents("upd", "'dnwerks.delivery.MessageSent.v1'"));

    // handed over, but the gateway's answer is unknown (lost with a round that died, or never came) and
    // its gateway is at-most-once: sent, as far as anyone can tell, and never asked again; a receipt, if
    // one comes, settles it, and otherwise the receipt deadline does. It keeps its frequency-cap slot
    private static final String SENT_UNKNOWN = """
            WITH x AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS x(id, created_at, error)),
            upd AS (
                UPDATE campaign_messages m SET status = 'sent', outcome_unknown = true, sent_at = coalesce(m.handed_over_at, now()),
                    lease_until = NULL, lease_owner = NULL, error_message = x.error, waiting_for = NULL
                FROM x WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE
                  AND m.lease_owner = $4
                RETURNING m.id, m.created_at, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count
            ),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, pending, sent)
                SELECT campaign_id, -count(*), count(*) FROM upd GROUP BY campaign_id
            ),
            audit AS (%s)
            %s
            """.formatted(auditRecords("upd", "'pending'"), messageEvents("upd", "'dnwerks.delivery.MessageSent.v1'"));

    // (a message the gateway did not take gives back the frequency-cap slot it took: see SendGateRepository)
    // a transient failure the gateway gave for the message waits retry_delay_minutes * 2^retries (at
    // least what the gateway asked), in units of $4 seconds (60 in production; tests shrink it), until
    // max_retries; then the message fails. One the gateway gave for the whole request ($7 false) costs
    // no retry: the message waits what the gateway asked (the dispatcher's breaker holds every other
    // message back meanwhile) and is sent again, for as long as the outage lasts. One whose answer never
    // came ($8 true: a time-out, at-least-once) may have been texted: it keeps handed_over_at, so that it is
    // asked again under its id whatever happens meanwhile; every other was not taken and loses it
    private static final String TRANSIENT = """
            WITH x AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $5::int[], $7::bool[], $8::bool[])
                       AS x(id, created_at, error, retry_after, charged, maybe_taken)),
            upd AS (
                UPDATE campaign_messages m SET
                    retry_count = m.retry_count + CASE WHEN x.charged THEN 1 ELSE 0 END,
                    status = CASE WHEN x.charged AND m.retry_count + 1 > c.max_retries THEN 'failed' ELSE 'pending' END,
                    next_retry_at = CASE
                        WHEN NOT x.charged THEN now() + make_interval(secs => greatest(1, x.retry_after))
                        WHEN m.retry_count + 1 > c.max_retries THEN NULL
                        ELSE now() + make_interval(secs => greatest(x.retry_after,
                            least(86400, c.retry_delay_minutes * $4 * power(2, m.retry_count)))) END,
                    error_message = x.error, lease_until = NULL, lease_owner = NULL, waiting_for = NULL,
                    handed_over_at = CASE WHEN x.maybe_taken THEN m.handed_over_at ELSE NULL END
                FROM x, delivery_campaigns c
                WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE AND c.campaign_id = m.campaign_id
                  AND m.lease_owner = $6
                RETURNING m.id, m.created_at, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count
            ),
            -- a slot goes back only when the gateway answered for this message (charged): after a time-out it
            -- may have texted it, and the message keeps its slot for its next attempt
            freed AS (DELETE FROM recipient_sends s USING upd, x WHERE s.message_id = upd.id AND x.id = upd.id AND x.charged),
            gave_up AS (SELECT * FROM upd WHERE status = 'failed'),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, pending, failed)
                SELECT campaign_id, -count(*), count(*) FROM gave_up GROUP BY campaign_id
            ),
            audit AS (%s)
            %s
            """.formatted(auditRecords("gave_up", "'pending'"), messageEvents("gave_up", "'dnwerks.delivery.MessageFailed.v1'"));

    private static final String REJECTED = """
            WITH x AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS x(id, created_at, error)),
            upd AS (
                UPDATE campaign_messages m SET status = 'rejected', error_message = x.error, lease_until = NULL, lease_owner = NULL,
                    waiting_for = NULL
                FROM x WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE
                  AND m.lease_owner = $4
                RETURNING m.id, m.created_at, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count
            ),
            freed AS (DELETE FROM recipient_sends s USING upd WHERE s.message_id = upd.id),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, pending, rejected)
                SELECT campaign_id, -count(*), count(*) FROM upd GROUP BY campaign_id
            ),
            audit AS (%s)
            %s
            """.formatted(auditRecords("upd", "'pending'"), messageEvents("upd", "'dnwerks.delivery.MessageRejected.v1'"));

    // messages outside their recipient's sending window (or over the frequency cap): pending again, due
    // at the opening, with why they wait; no retry is spent and no event written (nothing changed for
    // anyone but the dispatcher)
    private static final String DEFER = """
            UPDATE campaign_messages m SET next_retry_at = now() + make_interval(secs => x.wait), waiting_for = x.waiting_for,
                lease_until = NULL, lease_owner = NULL
            FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::text[]) AS x(id, created_at, wait, waiting_for)
            WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE AND m.lease_owner = $5
            """;

    // messages a round claimed but will not hand over before its lease runs short: free for the next
    // claim. This round's own mark goes ($4 false); one a round that died left ($4 true) stays
    private static final String RELEASE = """
            UPDATE campaign_messages m SET lease_until = NULL, lease_owner = NULL,
                handed_over_at = CASE WHEN x.keep_mark THEN m.handed_over_at ELSE NULL END
            FROM unnest($1::uuid[], $2::timestamptz[], $4::bool[]) AS x(id, created_at, keep_mark)
            WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE AND m.lease_owner = $3
            """;

    // messages of a round that failed before it could record them: those it never marked handed over
    // (the mark commits before any request, so they were not sent) are free for the next claim at
    // once, not at the end of the lease, and a cancelled campaign's are not left held for good. A
    // marked one keeps its lease: what the gateway did with it is not known
    private static final String RELEASE_UNSENT = """
            UPDATE campaign_messages m SET lease_until = NULL, lease_owner = NULL
            FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, created_at)
            WHERE m.id = x.id AND m.created_at = x.created_at AND (m.status = 'pending') IS TRUE AND m.lease_owner = $3
              AND m.handed_over_at IS NULL
            """;

    private final Pool pool;

    public DispatchRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param anyAudience   claim from campaigns whose audience is still arriving too
     * @param quietSeconds  a campaign whose audience has had no new batch for this long is claimed from anyway
     */
    public Uni<List<Claimed>> claim(UUID round, int limit, int leaseSeconds, boolean anyAudience, int quietSeconds) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) leaseSeconds, anyAudience, (double) quietSeconds, round)).map(rows -> {
            List<Claimed> out = new ArrayList<>(rows.rowCount());
            for (Row r : rows) {
                out.add(new Claimed(r.getUUID("id"), r.getOffsetDateTime("created_at"), r.getUUID("campaign_id"),
                        r.getString("phone_number"), r.getString("message_content"), r.getInteger("retry_count"),
                        r.getString("suppressed"), r.getString("timezone"), new Campaign(r.getString("campaign_timezone"),
                        r.getString("sending_window"), r.getLocalDateTime("send_at_local_time"), r.getOffsetDateTime("deadline"),
                        r.getString("sender_id")),
                        r.getBoolean("handed_over_before")));
            }
            return out;
        });
    }

    /** Each of the statements below changes only the messages whose lease {@code round} still holds. */
    public Uni<Void> sent(UUID round, List<Result> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, SENT, Tuple.of(ids(results), times(results),
                results.stream().map(Result::externalId).toArray(String[]::new), round)).replaceWithVoid();
    }

    public Uni<Void> transientFailures(UUID round, List<Result> results, int retryUnitSeconds) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, TRANSIENT, Tuple.tuple(List.of(ids(results), times(results), errors(results),
                retryUnitSeconds, results.stream().map(Result::retryAfterSeconds).toArray(Integer[]::new), round,
                results.stream().map(Result::charged).toArray(Boolean[]::new),
                results.stream().map(Result::maybeTaken).toArray(Boolean[]::new)))).replaceWithVoid();
    }

    /** Messages handed over whose answer is unknown, under at-most-once: sent, outcome unknown, never asked again. */
    public Uni<Void> sentUnknown(UUID round, List<Result> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, SENT_UNKNOWN, Tuple.of(ids(results), times(results), errors(results), round)).replaceWithVoid();
    }

    public Uni<Void> rejected(UUID round, List<Result> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, REJECTED, Tuple.of(ids(results), times(results), errors(results), round)).replaceWithVoid();
    }

    public Uni<Void> deferred(UUID round, List<Deferral> waiting) {
        if (waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, DEFER, Tuple.of(waiting.stream().map(Deferral::id).toArray(UUID[]::new),
                waiting.stream().map(Deferral::createdAt).toArray(OffsetDateTime[]::new),
                waiting.stream().map(Deferral::waitSeconds).toArray(Integer[]::new),
                waiting.stream().map(Deferral::waitingFor).toArray(String[]::new), round)).replaceWithVoid();
    }

    /**
     * Gives back the lease of messages {@code round} claimed and did not hand over, and the hand-over mark
     * it may have set; a mark a round that died left stays (that round may have handed the message over).
     */
    public Uni<Void> release(UUID round, List<Claimed> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, RELEASE, Tuple.of(messages.stream().map(Claimed::id).toArray(UUID[]::new),
                messages.stream().map(Claimed::createdAt).toArray(OffsetDateTime[]::new), round,
                messages.stream().map(Claimed::handedOverBefore).toArray(Boolean[]::new))).replaceWithVoid();
    }

    /** After a round failed: gives back the lease of those of its messages it never marked handed over. */
    public Uni<Void> releaseUnsent(UUID round, List<Claimed> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return IndexLookups.execute(pool, RELEASE_UNSENT, Tuple.of(messages.stream().map(Claimed::id).toArray(UUID[]::new),
                messages.stream().map(Claimed::createdAt).toArray(OffsetDateTime[]::new), round)).replaceWithVoid();
    }

    private static UUID[] ids(List<Result> results) {
        return results.stream().map(Result::id).toArray(UUID[]::new);
    }

    private static OffsetDateTime[] times(List<Result> results) {
        return results.stream().map(Result::createdAt).toArray(OffsetDateTime[]::new);
    }

    private static String[] errors(List<Result> results) {
        return results.stream().map(r -> CampaignMessage.shortenedError(r.error()))
                .toArray(String[]::new);
    }
}
