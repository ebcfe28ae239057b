package io.dnwerks.common.db;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Trims the shared tables: published outbox rows, inbox claims and idempotency keys past their
 * use. Inbox claims must outlive any redelivery, so they are kept well beyond the topics' retention.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Duration outboxRetention;
    private final Duration inboxRetention;
    private final Duration idempotencyRetention;
    private final Duration interval;

    public Housekeeping(Pool pool, Vertx vertx,
                        @ConfigProperty(name = "dnwerks.housekeeping.outbox-retention", defaultValue = "P7D") Duration outboxRetention,
                        @ConfigProperty(name = "dnwerks.housekeeping.inbox-retention", defaultValue = "P14D") Duration inboxRetention,
                        @ConfigProperty(name = "dnwerks.housekeeping.idempotency-retention", defaultValue = "P1D") Duration idempotencyRetention,
                        @ConfigProperty(name = "dnwerks.housekeeping.interval", defaultValue = "PT1H") Duration interval) {
        this.pool = pool;
        this.vertx = vertx;
        this.outboxRetention = outboxRetention;
        this.inboxRetention = inboxRetention;
        this.idempotencyRetention = idempotencyRetention;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(interval.toMillis(), id -> run());
    }

    void run() {
        trim("DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => $1)", outboxRetention);
        trim("DELETE FROM processed_events WHERE processed_at < now() - make_interval(secs => $1)", inboxRetention);
        trim("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)", idempotencyRetention);
    }

    private void trim(String sql, Duration retention) {
        pool.preparedQuery(sql).execute(Tuple.of((double) retention.toSeconds()))
                .subscribe().with(rows -> { }, f -> LOG.warnf("housekeeping failed: %s", f.getMessage()));
    }
}
