package io.dnwerks.delivery.service;

import io.dnwerks.common.loop.PollingLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Counts, for each campaign that has nothing left to send, the sent messages whose receipt is later
 * than {@code dnwerks.receipts.deadline}: such a campaign completes with them still 'sent' and shown
 * apart ({@code receiptsOverdue}), instead of waiting for ever on receipts that never come.
 */
@ApplicationScoped
public class ReceiptDeadline {

    // only campaigns whose count can have moved: something still sent and not all of it counted yet,
    // or a count left over after late receipts turned overdue messages final. The count walks the
    // campaign's sent messages through (campaign_id, status), and only once the campaign has sent all.
    private static final String COUNT_OVERDUE = """
            WITH waiting AS (
                SELECT campaign_id FROM delivery_campaigns
                WHERE status = 'sending' AND pending = 0 AND sent <> receipts_overdue
                ORDER BY updated_at LIMIT 100
            ),
            overdue AS (
                SELECT w.campaign_id, (SELECT count(*) FROM campaign_messages m
                                       WHERE m.campaign_id = w.campaign_id AND m.status = 'sent'
                                         AND m.sent_at < now() - make_interval(secs => $1)) AS n
                FROM waiting w
            )
            UPDATE delivery_campaigns c SET receipts_overdue = o.n, progress_seq = c.progress_seq + 1, updated_at = now()
            FROM overdue o WHERE c.campaign_id = o.campaign_id AND c.receipts_overdue <> o.n
            """;

    private final Pool pool;
    private final Duration deadline;
    private final PollingLoop loop;

    public ReceiptDeadline(Pool pool, Vertx vertx,
                           @ConfigProperty(name = "dnwerks.receipts.deadline", defaultValue = "PT24H") Duration deadline,
                           @ConfigProperty(name = "dnwerks.receipts.deadline-check", defaultValue = "PT10S") Duration every) {
        this.pool = pool;
        this.deadline = deadline;
        this.loop = new PollingLoop(vertx, "receipt deadline", every, Integer.MAX_VALUE, this::round);
    }

    void onStart(@Observes StartupEvent event) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    Uni<Integer> round() {
        return pool.preparedQuery(COUNT_OVERDUE).execute(Tuple.of((double) deadline.toSeconds())).map(rows -> rows.rowCount());
    }
}
