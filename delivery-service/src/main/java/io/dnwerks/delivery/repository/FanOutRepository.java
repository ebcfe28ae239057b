package io.dnwerks.delivery.repository;

import io.dnwerks.delivery.messaging.AudienceBatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Turns an audience batch into campaign_messages in one statement: every recipient gets the
 * campaign's text with their {{variables}} filled in; a recipient the campaign already has is skipped
 * (the unique (campaign_id, customer_id, created_at) constraint), so a redelivered batch adds nothing.
 * The campaign's counts move in the same statement.
 */
@ApplicationScoped
public class FanOutRepository {

    private static final String UPSERT_CAMPAIGN = """
            INSERT INTO delivery_campaigns (campaign_id, launched_at, name, message_template, max_retries,
                                            retry_delay_minutes, priority, timezone, batch_count)
            VALUES (:id, :launchedAt, :name, :template, :maxRetries, :retryDelay, :priority, :timezone, :batchCount)
            ON CONFLICT (campaign_id) DO UPDATE SET name = EXCLUDED.name, message_template = EXCLUDED.message_template,
                max_retries = EXCLUDED.max_retries, retry_delay_minutes = EXCLUDED.retry_delay_minutes,
                priority = EXCLUDED.priority, timezone = EXCLUDED.timezone, batch_count = EXCLUDED.batch_count,
                updated_at = now()
            """;

    private static final String RECORD_BATCH = """
            WITH b AS (
                INSERT INTO audience_batches (campaign_id, batch_no, recipients) VALUES (:id, :batchNo, :recipients)
                ON CONFLICT DO NOTHING RETURNING 1
            )
            UPDATE delivery_campaigns SET batches_received = batches_received + (SELECT count(*) FROM b),
                progress_seq = progress_seq + 1, updated_at = now()
            WHERE campaign_id = :id
            """;

    // names go into a regexp replacement, where a backslash is special
    private static final String INSERT_MESSAGES = """
            WITH c AS (SELECT campaign_id, launched_at, message_template FROM delivery_campaigns WHERE campaign_id = :id),
            ins AS (
                INSERT INTO campaign_messages (id, campaign_id, customer_id, phone_number, message_content, created_at)
                SELECT uuid_v7(), c.campaign_id, r."customerId", r.phone,
                       left(regexp_replace(regexp_replace(c.message_template,
                           '\\{\\{\\s*firstName\\s*\\}\\}', replace(coalesce(r."firstName", ''), '\\', '\\\\'), 'g'),
                           '\\{\\{\\s*lastName\\s*\\}\\}', replace(coalesce(r."lastName", ''), '\\', '\\\\'), 'g'), 1600),
                       c.launched_at
                FROM c, jsonb_to_recordset(cast(cast(:recipients AS text) AS jsonb))
                        AS r("customerId" uuid, phone text, "firstName" text, "lastName" text)
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            UPDATE delivery_campaigns SET total = total + (SELECT count(*) FROM ins), pending = pending + (SELECT count(*) FROM ins),
                progress_seq = progress_seq + 1, updated_at = now()
            WHERE campaign_id = :id
            RETURNING (SELECT count(*) FROM ins)
            """;

    /** @return the number of new messages */
    public Uni<Long> fanOut(AudienceBatch batch) {
        AudienceBatch.Campaign c = batch.campaign();
        UUID id = batch.campaignId();
        return Panache.getSession().flatMap(s -> s.createNativeQuery(UPSERT_CAMPAIGN)
                .setParameter("id", id)
                .setParameter("launchedAt", c.launchedAt())
                .setParameter("name", c.name())
                .setParameter("template", c.messageContent())
                .setParameter("maxRetries", c.maxRetries())
                .setParameter("retryDelay", c.retryDelayMinutes())
                .setParameter("priority", c.priority())
                .setParameter("timezone", c.timezone() == null ? "UTC" : c.timezone())
                .setParameter("batchCount", batch.batchCount())
                .executeUpdate()
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
