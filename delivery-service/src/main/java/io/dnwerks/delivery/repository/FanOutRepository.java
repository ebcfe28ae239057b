package io.dnwerks.delivery.repository;

import io.dnwerks.delivery.messaging.AudienceBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns an audience batch into campaign_messages in one statement: every recipient gets the
 * campaign's text with their {{variables}} filled in; a recipient the campaign already has is skipped
 * (the unique (campaign_id, customer_id, created_at) constraint), so a redelivered batch adds nothing.
 * The campaign's counts move in the same statement (as deltas, see campaign_count_deltas). Runs on
 * the caller's connection, inside the transaction that claims the batch's event.
 */
@ApplicationScoped
public class FanOutRepository {

    // the campaign's row is written by the first batch only (or filled in when a pause or cancel got
    // there first): later batches must not queue on its lock, so they neither upsert nor update it
    private static final String INSERT_CAMPAIGN = """
            INSERT INTO delivery_campaigns (campaign_id, name, message_template, max_retries, retry_delay_minutes, priority,
                                            timezone, batch_count, launched_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (campaign_id) DO NOTHING
            """;

    private static final String FILL_IN_CAMPAIGN = """
            UPDATE delivery_campaigns SET name = $2, message_template = $3, max_retries = $4, retry_delay_minutes = $5,
                priority = $6, timezone = $7, batch_count = $8, updated_at = now()
            WHERE campaign_id = $1 AND message_template IS NULL
            """;

    // batches before the last carry the count made at the launch; the last one carries the exact count
    private static final String EXACT_BATCH_COUNT = """
            UPDATE delivery_campaigns SET batch_count = $2, updated_at = now()
            WHERE campaign_id = $1 AND batch_count IS DISTINCT FROM $2
            """;

    private static final String RECORD_BATCH = """
            WITH b AS (
                INSERT INTO audience_batches (campaign_id, batch_no, recipients) VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING RETURNING 1
            )
            INSERT INTO campaign_count_deltas (campaign_id, batches) SELECT $1, count(*) FROM b HAVING count(*) > 0
            """;

    // the template's placeholders were normalised to {{firstName}} / {{lastName}} when it was stored,
    // so a plain replace renders each row (a regular expression per row cost more than the insert's index work)
    private static final String INSERT_MESSAGES = """
            WITH c AS (SELECT campaign_id, launched_at, message_template FROM delivery_campaigns WHERE campaign_id = $1),
            ins AS (
                INSERT INTO campaign_messages (id, campaign_id, customer_id, phone_number, message_content, created_at)
                SELECT uuid_v7(), c.campaign_id, r."customerId", r.phone,
                       left(replace(replace(c.message_template, '{{firstName}}', coalesce(r."firstName", '')),
                                    '{{lastName}}', coalesce(r."lastName", '')), 1600),
                       c.launched_at
                FROM c, jsonb_to_recordset(cast($2::text AS jsonb))
                        AS r("customerId" uuid, phone text, "firstName" text, "lastName" text)
                ON CONFLICT DO NOTHING
                RETURNING 1
            ),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, total, pending)
                SELECT $1, count(*), count(*) FROM ins HAVING count(*) > 0
            )
            SELECT count(*) AS created FROM ins
            """;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(firstName|lastName)\\s*}}");

    /** {@code {{ firstName }}} and {@code {{firstName}}} mean the same; store the one form the insert replaces. */
    static String normalised(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("{{$1}}");
    }

    /** @return the number of new messages */
    public Uni<Long> fanOut(SqlConnection conn, AudienceBatch batch) {
        UUID id = batch.campaignId();
        Tuple settings = settings(batch);
        return conn.preparedQuery(INSERT_CAMPAIGN).execute(settings.addOffsetDateTime(batch.campaign().launchedAt()))
                .chain(inserted -> inserted.rowCount() > 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(FILL_IN_CAMPAIGN).execute(settings(batch)).replaceWithVoid())
                .chain(() -> batch.last() ? conn.preparedQuery(EXACT_BATCH_COUNT).execute(Tuple.of(id, batch.batchCount())).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> conn.preparedQuery(RECORD_BATCH).execute(Tuple.of(id, batch.batchNo(), batch.recipients().size())))
                // a batch recorded before had its messages written in the same transaction as its record
                .chain(recorded -> recorded.rowCount() == 0 ? Uni.createFrom().item(0L) : insertMessages(conn, id, batch.recipients().toString()));
    }

    private static Uni<Long> insertMessages(SqlConnection conn, UUID campaign, String recipients) {
        return conn.preparedQuery(INSERT_MESSAGES).execute(Tuple.of(campaign, recipients))
                .map(rows -> rows.iterator().next().getLong("created"));
    }

    private static Tuple settings(AudienceBatch batch) {
        AudienceBatch.Campaign c = batch.campaign();
        return Tuple.tuple().addUUID(batch.campaignId()).addString(c.name()).addString(normalised(c.messageContent()))
                .addInteger(c.maxRetries()).addInteger(c.retryDelayMinutes()).addInteger(c.priority())
                .addString(c.timezone() == null ? "UTC" : c.timezone()).addInteger(batch.batchCount());
    }
}
