package io.dnwerks.delivery.repository;

import io.dnwerks.common.event.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/**
 * Applies a delivery receipt in one statement. Receipts only move a message forward, from sent to a
 * final state; a second receipt, or one for a message already final, changes nothing.
 */
@ApplicationScoped
public class ReceiptRepository {

    public enum Applied { APPLIED, ALREADY_FINAL, UNKNOWN }

    private static final String APPLY = """
            WITH target AS (SELECT message_id, created_at FROM message_external_ids WHERE external_id = $1),
            upd AS (
                UPDATE campaign_messages m SET status = $2,
                    delivered_at = CASE WHEN $2 = 'delivered' THEN $3 ELSE m.delivered_at END,
                    error_message = CASE WHEN $2 = 'delivered' THEN m.error_message ELSE $4 END
                FROM target t WHERE m.id = t.message_id AND m.created_at = t.created_at AND m.status = 'sent'
                RETURNING m.id, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count
            ),
            counts AS (
                UPDATE delivery_campaigns c SET sent = c.sent - 1,
                    delivered = c.delivered + (CASE WHEN $2 = 'delivered' THEN 1 ELSE 0 END),
                    failed = c.failed + (CASE WHEN $2 = 'failed' THEN 1 ELSE 0 END),
                    bounced = c.bounced + (CASE WHEN $2 = 'bounced' THEN 1 ELSE 0 END),
                    rejected = c.rejected + (CASE WHEN $2 = 'rejected' THEN 1 ELSE 0 END),
                    progress_seq = c.progress_seq + 1
                FROM upd WHERE c.campaign_id = upd.campaign_id
            ),
            events AS (
                INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)
                SELECT uuid_v7(), '%1$s', 'message', id::text, 'dnwerks.delivery.Message' || initcap(status) || '.v1',
                       jsonb_build_object('messageId', id, 'campaignId', campaign_id, 'customerId', customer_id, 'status', status,
                           'externalId', external_id, 'error', error_message, 'retryCount', retry_count, 'at', now())
                FROM upd
                UNION ALL
                SELECT uuid_v7(), '%2$s', 'campaign_messages', id::text, 'dnwerks.audit.AuditRecord.v1',
                       jsonb_build_object('id', uuid_v7(), 'service', 'delivery-service', 'tableName', 'campaign_messages',
                           'recordId', id, 'action', 'UPDATE', 'oldValues', jsonb_build_object('status', 'sent'),
                           'newValues', jsonb_build_object('status', status, 'externalId', external_id, 'errorMessage', error_message),
                           'changedFields', jsonb_build_array('status'), 'userId', '00000000-0000-0000-0000-000000000000',
                           'occurredAt', now())
                FROM upd
            )
            SELECT (SELECT count(*) FROM target) AS known, (SELECT count(*) FROM upd) AS applied
            """.formatted(Topics.DELIVERY_EVENTS, Topics.AUDIT);

    private final Pool pool;

    public ReceiptRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Applied> apply(String externalId, String status, OffsetDateTime at, String error) {
        return pool.preparedQuery(APPLY).execute(Tuple.of(externalId, status, at, error)).map(ReceiptRepository::outcome);
    }

    private static Applied outcome(RowSet<Row> rows) {
        Row r = rows.iterator().next();
        if (r.getLong("known") == 0) {
            return Applied.UNKNOWN;
        }
        return r.getLong("applied") > 0 ? Applied.APPLIED : Applied.ALREADY_FINAL;
    }
}
