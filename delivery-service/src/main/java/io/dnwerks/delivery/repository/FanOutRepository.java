package io.dnwerks.delivery.repository;

import io.dnwerks.delivery.messaging.AudienceBatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns an audience batch into campaign_messages in one statement: every recipient gets the
 * campaign's text with their {{variables}} filled in; a recipient the campaign already has is skipped
 * (the unique (campaign_id, customer_id, created_at) constraint), so a redelivered batch adds nothing.
 * The campaign's counts move in the same statement (as deltas, see campaign_count_deltas).
 */
@ApplicationScoped
public class FanOutRepository {

    // the campaign's row is written by the first batch only (or filled in when a pause or cancel got
    // there first): later batches must not queue on its lock, so they neither upsert nor update it
    private static final String INSERT_CAMPAIGN = """
            INSERT INTO delivery_campaigns (campaign_id, launched_at, name, message_template, max_retries,
                                            retry_delay_minutes, priority, timezone, batch_count)
            VALUES (:id, :launchedAt, :name, :template, :maxRetries, :retryDelay, :priority, :timezone, :batchCount)
            ON CONFLICT (campaign_id) DO NOTHING
            """;

    private static final String FILL_IN_CAMPAIGN = """
            UPDATE delivery_campaigns SET name = :name, message_template = :template, max_retries = :maxRetries,
                retry_delay_minutes = :retryDelay, priority = :priority, timezone = :timezone, batch_count = :batchCount,
                updated_at = now()
            WHERE campaign_id = :id AND message_template IS NULL
            """;

    private static final String RECORD_BATCH = """
            WITH b AS (
                INSERT INTO audience_batches (campaign_id, batch_no, recipients) VALUES (:id, :batchNo, :recipients)
                ON CONFLICT DO NOTHING RETURNING 1
            )
            INSERT INTO campaign_count_deltas (campaign_id, batches) SELECT :id, count(*) FROM b HAVING count(*) > 0
            """;

    // the template's placeholders were normalised to {{firstName}} / {{lastName}} when it was stored,
    // so a plain replace renders each row (a regular expression per row cost more than the insert's index work)
    private static final String INSERT_MESSAGES = """
            WITH c AS (SELECT campaign_id, launched_at, message_template FROM delivery_campaigns WHERE campaign_id = :id),
            ins AS (
                INSERT INTO campaign_messages (id, campaign_id, customer_id, phone_number, message_content, created_at)
                SELECT uuid_v7(), c.campaign_id, r."customerId", r.phone,
                       left(replace(replace(c.message_template, '{{firstName}}', coalesce(r."firstName", '')),
                                    '{{lastName}}', coalesce(r."lastName", '')), 1600),
                       c.launched_at
                FROM c, jsonb_to_recordset(cast(cast(:recipients AS text) AS jsonb))
                        AS r("customerId" uuid, phone text, "firstName" text, "lastName" text)
                ON CONFLICT DO NOTHING
                RETURNING 1
            ),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, total, pending)
                SELECT :id, count(*), count(*) FROM ins HAVING count(*) > 0
            )
            SELECT count(*) FROM ins
            """;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(firstName|lastName)\\s*}}");

    /** {@code {{ firstName }}} and {@code {{firstName}}} mean the same; store the one form the insert replaces. */
    static String normalised(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("{{$1}}");
    }

    private static Mutiny.Query<Object> campaignSettings(Mutiny.Query<Object> q, AudienceBatch batch) {
        AudienceBatch.Campaign c = batch.campaign();
        return q.setParameter("id", batch.campaignId())
                .setParameter("name", c.name())
                .setParameter("template", normalised(c.messageContent()))
                .setParameter("maxRetries", c.maxRetries())
                .setParameter("retryDelay", c.retryDelayMinutes())
                .setParameter("priority", c.priority())
                .setParameter("timezone", c.timezone() == null ? "UTC" : c.timezone())
                .setParameter("batchCount", batch.batchCount());
    }

    /** @return the number of new messages */
    public Uni<Long> fanOut(AudienceBatch batch) {
        AudienceBatch.Campaign c = batch.campaign();
        UUID id = batch.campaignId();
        return Panache.getSession().flatMap(s -> campaignSettings(s.createNativeQuery(INSERT_CAMPAIGN), batch)
                .setParameter("launchedAt", c.launchedAt())
                .executeUpdate()
                .chain(inserted -> inserted > 0 ? Uni.createFrom().item(0)
                        : campaignSettings(s.createNativeQuery(FILL_IN_CAMPAIGN), batch).executeUpdate())
                .chain(() -> s.createNativeQuery(RECORD_BATCH)
                        .setParameter("id", id)
                        .setParameter("batchNo", batch.batchNo())
                        .setParameter("recipients", batch.recipients().size())
                        .executeUpdate())
                .chain(() -> s.createNativeQuery(INSERT_MESSAGES, Long.class)
                        .setParameter("id", id)
                        .setParameter("recipients", batch.recipients().toString())
                        .getSingleResult()));
    }
}
