package io.dnwerks.delivery.repository;

import io.dnwerks.delivery.domain.MessageStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.UUID;

/** A campaign's messages read for an export, a page at a time. */
@ApplicationScoped
public class MessageExportRepository {

    // in customer order from the cursor: a range of the unique key (campaign_id, customer_id,
    // created_at) of each partition, so every page reads only its own rows however long the campaign
    static final String PAGE = """
            SELECT m.customer_id, m.id, m.phone_number, m.status, m.error_message, m.external_id, m.retry_count, m.outcome_unknown,
                   m.created_at, m.sent_at, m.delivered_at, m.consent_given_at, m.consent_source
            FROM campaign_messages m
            WHERE m.campaign_id = $1 AND m.customer_id > $2 AND (cast($3 AS text) IS NULL OR m.status = $3)
            ORDER BY m.customer_id
            LIMIT $4""";

    private final Pool pool;

    public MessageExportRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> campaignKnown(UUID campaignId) {
        return pool.preparedQuery("SELECT 1 FROM delivery_campaigns WHERE campaign_id = $1").execute(Tuple.of(campaignId))
                .map(rows -> rows.size() > 0);
    }

    /** @param afterCustomer the last customer of the page before (the smallest uuid for the first) */
    public Uni<RowSet<Row>> page(UUID campaignId, MessageStatus status, UUID afterCustomer, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(campaignId, afterCustomer,
                status == null ? null : status.name().toLowerCase(Locale.ROOT), limit));
    }
}
