package io.dnwerks.common.db;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the month partitions of the tables named in {@code dnwerks.partitions.monthly-tables}
 * created ahead: the current month and the next, at start and every few hours, through the
 * schema's {@code create_monthly_partition} function. Rows outside them land in the default
 * partition, so a missed run loses nothing.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);

    private final Pool pool;
    private final Vertx vertx;
    private final List<String> tables;
    private final Duration interval;

    public PartitionMaintenance(Pool pool, Vertx vertx,
                                @ConfigProperty(name = "dnwerks.partitions.monthly-tables") Optional<List<String>> tables,
                                @ConfigProperty(name = "dnwerks.partitions.interval", defaultValue = "PT6H") Duration interval) {
        this.pool = pool;
        this.vertx = vertx;
        this.tables = tables.orElse(List.of());
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        if (tables.isEmpty()) {
            return;
        }
        ensureAhead().subscribe().with(n -> { }, f -> LOG.warnf("creating month partitions failed: %s", f.getMessage()));
        vertx.setPeriodic(interval.toMillis(), id -> ensureAhead().subscribe()
                .with(n -> { }, f -> LOG.warnf("creating month partitions failed: %s", f.getMessage())));
    }

    /** Creates this month's and next month's partitions where missing. */
    public Uni<Void> ensureAhead() {
        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        return Multi.createFrom().iterable(tables)
                .onItem().transformToUniAndConcatenate(table -> Multi.createFrom().items(thisMonth, thisMonth.plusMonths(1))
                        .onItem().transformToUniAndConcatenate(month -> pool
                                .preparedQuery("SELECT create_monthly_partition($1, $2)").execute(Tuple.of(table, month)))
                        .collect().last())
                .collect().last()
                .replaceWithVoid();
    }
}
