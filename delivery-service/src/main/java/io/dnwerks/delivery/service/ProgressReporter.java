package io.dnwerks.delivery.service;

import io.dnwerks.common.event.Topics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Folds the count deltas that message changes left in campaign_count_deltas into each campaign's
 * counts, then publishes the counts as CampaignDispatchProgress on delivery.events.v1 when they
 * changed: one statement takes the campaigns whose counts moved, marks them published and writes
 * their events into the outbox. Dispatch claims only from campaigns with pending messages by these
 * counts, so a new campaign's first messages wait for one fold (a quarter of a second). A report carries a sequence number, so its readers can drop
 * a stale one; every report holds absolute counts, so a lost or repeated one does no harm.
 */
@ApplicationScoped
public class ProgressReporter {

    public static final String TYPE = "dnwerks.delivery.CampaignDispatchProgress.v1";
    private static final Logger LOG = Logger.getLogger(ProgressReporter.class);

    // deltas committed after this statement's snapshot stay for the next fold; a second replica folding
    // at the same time waits on the rows this one deletes and then finds them gone, so none counts twice
    private static final String FOLD = """
            WITH d AS (DELETE FROM campaign_count_deltas RETURNING *),
            s AS (SELECT campaign_id, sum(batches) AS batches, sum(total) AS total, sum(pending) AS pending, sum(sent) AS sent,
                         sum(delivered) AS delivered, sum(failed) AS failed, sum(bounced) AS bounced, sum(rejected) AS rejected
                  FROM d GROUP BY campaign_id)
            UPDATE delivery_campaigns c SET batches_received = c.batches_received + s.batches, total = c.total + s.total,
                pending = c.pending + s.pending, sent = c.sent + s.sent, delivered = c.delivered + s.delivered,
                failed = c.failed + s.failed, bounced = c.bounced + s.bounced, rejected = c.rejected + s.rejected,
                audience_updated_at = CASE WHEN s.batches > 0 THEN now() ELSE c.audience_updated_at END,
                progress_seq = c.progress_seq + 1, updated_at = now()
            FROM s WHERE c.campaign_id = s.campaign_id
            """;

    private static final String PUBLISH = """
            WITH due AS (
                UPDATE delivery_campaigns SET progress_published_seq = progress_seq
                WHERE campaign_id IN (SELECT campaign_id FROM delivery_campaigns WHERE progress_seq > progress_published_seq
                                      LIMIT 500 FOR UPDATE SKIP LOCKED)
                RETURNING campaign_id, progress_seq, status, total, pending, sent, delivered, failed, bounced, rejected,
                          receipts_overdue, batch_count, batches_received
            )
            INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)
            SELECT uuid_v7(), '%s', 'campaign', campaign_id::text, '%s',
                   json_build_object('campaignId', campaign_id, 'seq', progress_seq, 'status', status,
                       'total', total, 'pending', pending, 'sent', sent, 'delivered', delivered, 'failed', failed,
                       'bounced', bounced, 'rejected', rejected, 'receiptsOverdue', receipts_overdue,
                       'audienceComplete', batch_count IS NOT NULL AND batches_received >= batch_count)
            FROM due
            """.formatted(Topics.DELIVERY_EVENTS, TYPE);

    private final Pool pool;

    public ProgressReporter(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "${dnwerks.progress.interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publish() {
        return pool.withTransaction(conn -> conn.query(FOLD).execute().chain(() -> conn.query(PUBLISH).execute()))
                .onFailure().invoke(f -> LOG.warnf("publishing campaign progress failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
