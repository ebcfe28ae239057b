package io.dnwerks.delivery.service;

import io.dnwerks.common.loop.PollingLoop;
import io.dnwerks.delivery.repository.ReceiptRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the receipts that arrived before their message's send was recorded (parked in
 * early_receipts by the webhook), once the external id is known, in batches, each taken and applied
 * in one transaction so that a crash in between neither loses nor repeats one. Receipts whose message
 * never turns up expire after {@code dnwerks.receipts.early.retention}.
 */
@ApplicationScoped
public class EarlyReceipts {

    private static final Logger LOG = Logger.getLogger(EarlyReceipts.class);
    private static final int BATCH = 500;

    // parked receipts whose message is now known: by external id, or by our id once the message is
    // recorded sent with its outcome unknown (a round died between handing it over and the answer)
    private static final String TAKE_KNOWN = """
            DELETE FROM early_receipts WHERE external_id IN (
                SELECT p.external_id FROM early_receipts p
                WHERE EXISTS (SELECT 1 FROM message_external_ids e WHERE e.external_id = p.external_id)
                   OR (p.message_id IS NOT NULL AND EXISTS (
                        SELECT 1 FROM campaign_messages m WHERE m.id = p.message_id AND m.outcome_unknown
                          AND m.external_id IS NULL AND (m.status = 'sent') IS TRUE))
                ORDER BY p.received_at LIMIT $1 FOR UPDATE OF p SKIP LOCKED)
            RETURNING external_id, message_id, status, at, error
            """;
    private static final String EXPIRE = "DELETE FROM early_receipts WHERE received_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final ReceiptRepository receipts;
    private final Duration retention;
    private final PollingLoop loop;

    public EarlyReceipts(Pool pool, ReceiptRepository receipts, Vertx vertx,
                         @ConfigProperty(name = "dnwerks.receipts.early.poll", defaultValue = "PT1S") Duration poll,
                         @ConfigProperty(name = "dnwerks.receipts.early.retention", defaultValue = "P1D") Duration retention) {
        this.pool = pool;
        this.receipts = receipts;
        this.retention = retention;
        this.loop = new PollingLoop(vertx, "early receipts", poll, BATCH, this::round);
    }

    void onStart(@Observes StartupEvent event) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /** One round: the parked receipts whose message is now known, applied; then the expired ones dropped. */
    Uni<Integer> round() {
        return pool.withTransaction(this::applyKnown)
                .call(applied -> pool.preparedQuery(EXPIRE).execute(Tuple.of((double) retention.toSeconds()))
                        .invoke(rows -> {
                            if (rows.rowCount() > 0) {
                                LOG.warnf("%d receipt(s) expired: no message ever had their external id", rows.rowCount());
                            }
                        }));
    }

    private Uni<Integer> applyKnown(SqlConnection conn) {
        return conn.preparedQuery(TAKE_KNOWN).execute(Tuple.of(BATCH)).flatMap(rows -> {
            List<ReceiptRepository.Receipt> due = new ArrayList<>(rows.rowCount());
            for (Row r : rows) {
                due.add(new ReceiptRepository.Receipt(r.getString("external_id"), r.getUUID("message_id"), r.getString("status"),
                        r.getOffsetDateTime("at"), r.getString("error")));
            }
            return due.isEmpty() ? Uni.createFrom().item(0) : receipts.apply(conn, due).replaceWith(due.size());
        });
    }
}
