package io.dnwerks.delivery.repository;

import io.dnwerks.common.db.IndexLookups;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static io.dnwerks.delivery.repository.MessageChangeEvents.auditRecords;
import static io.dnwerks.delivery.repository.MessageChangeEvents.messageEvents;

/**
 * Applies delivery receipts, many in one statement. Receipts only move a message forward, from sent
 * to a final state; a second receipt, or one for a message already final, changes nothing.
 */
@ApplicationScoped
public class ReceiptRepository {

    /** PARKED: no message has the external id yet; the receipt waits in early_receipts (see EarlyReceipts). */
    public enum Applied { APPLIED, ALREADY_FINAL, PARKED }

    /** One receipt to apply; {@code messageId} ours when the gateway handed it back, else null. */
    public record Receipt(String externalId, java.util.UUID messageId, String status, OffsetDateTime at, String error) {
    }

    // one statement for a whole batch of receipts; answers, in the batch's order, whether each
    // external id was known (if not, the receipt is parked) and whether its receipt moved the message.
    // A receipt finds its message by external id; failing that, by our message id when the gateway handed
    // it back and the message is sent with its outcome unknown (its send answer was lost, so it has no
    // external id): such a receipt settles it, teaching it its external id for the receipts after.
    private static final String APPLY = """
            WITH r AS (
                SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[]) WITH ORDINALITY
                    AS r(external_id, our_id, status, at, error, n)
            ),
            target AS (
                SELECT r.*, coalesce(e.message_id, u.id) AS message_id, coalesce(e.created_at, u.created_at) AS created_at,
                       e.message_id IS NULL AND u.id IS NOT NULL AS settles
                FROM r LEFT JOIN message_external_ids e ON e.external_id = r.external_id
                LEFT JOIN LATERAL (
                    SELECT m.id, m.created_at FROM campaign_messages m
                    WHERE e.message_id IS NULL AND m.id = r.our_id AND m.outcome_unknown AND m.external_id IS NULL
                      AND (m.status = 'sent') IS TRUE -- no index: see DispatchRepository
                ) u ON true
            ),
            upd AS (
                UPDATE campaign_messages m SET status = t.status,
                    delivered_at = CASE WHEN t.status = 'delivered' THEN t.at ELSE m.delivered_at END,
                    error_message = CASE WHEN t.status = 'delivered' THEN m.error_message ELSE t.error END,
                    external_id = CASE WHEN t.settles THEN t.external_id ELSE m.external_id END,
                    outcome_unknown = m.outcome_unknown AND NOT t.settles
                FROM target t WHERE m.id = t.message_id AND m.created_at = t.created_at AND (m.status = 'sent') IS TRUE -- no index: see DispatchRepository
                RETURNING m.id, m.created_at, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count,
                          t.settles
            ),
            taught AS (
                INSERT INTO message_external_ids (external_id, message_id, created_at)
                SELECT external_id, id, created_at FROM upd WHERE settles ON CONFLICT DO NOTHING
            ),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, sent, delivered, failed, bounced, rejected)
                SELECT campaign_id, -count(*), count(*) FILTER (WHERE status = 'delivered'),
                       count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'bounced'),
                       count(*) FILTER (WHERE status = 'rejected')
                FROM upd GROUP BY campaign_id
            ),
            events AS (%s),
            audit AS (%s),
            -- a receipt that overtook the record of its send waits for it (or, with our id, for its message to
            -- be recorded sent with its outcome unknown); the first one for an id is kept
            parked AS (
                INSERT INTO early_receipts (external_id, message_id, status, at, error)
                SELECT DISTINCT ON (external_id) external_id, our_id, status, at, error FROM target WHERE message_id IS NULL
                ORDER BY external_id, n
                ON CONFLICT (external_id) DO NOTHING
            )
            -- a join, not EXISTS per receipt: that searched the updated rows once per receipt, n * n
            SELECT t.n, t.message_id IS NOT NULL AS known, u.external_id IS NOT NULL AS applied
            FROM target t LEFT JOIN (SELECT DISTINCT external_id FROM upd) u ON u.external_id = t.external_id
            ORDER BY t.n
            """.formatted(messageEvents("upd", "'dnwerks.delivery.Message' || initcap(status) || '.v1'"), auditRecords("upd", "'sent'"));

    /**
     * Applies a batch of receipts in one statement, in the caller's transaction; the answers come in the
     * batch's order. The statement locks messages, then parks unknown receipts, and EarlyReceipts takes
     * parked receipts, then locks their messages: duplicate receipts can deadlock the two, and the loser
     * (40P01, a transient failure to its caller) runs again.
     */
    public Uni<List<Applied>> apply(SqlConnection conn, List<Receipt> receipts) {
        Tuple args = Tuple.of(
                receipts.stream().map(Receipt::externalId).toArray(String[]::new),
                receipts.stream().map(Receipt::messageId).toArray(java.util.UUID[]::new),
                receipts.stream().map(Receipt::status).toArray(String[]::new),
                receipts.stream().map(Receipt::at).toArray(OffsetDateTime[]::new),
                receipts.stream().map(Receipt::error).toArray(String[]::new));
        return IndexLookups.only(conn).chain(() -> conn.preparedQuery(APPLY).execute(args)).map(rows -> {
            List<Applied> out = new ArrayList<>(receipts.size());
            for (Row r : rows) {
                out.add(!r.getBoolean("known") ? Applied.PARKED : r.getBoolean("applied") ? Applied.APPLIED : Applied.ALREADY_FINAL);
            }
            return out;
        });
    }
}
