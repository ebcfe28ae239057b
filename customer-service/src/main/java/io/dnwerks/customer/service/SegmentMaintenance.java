package io.dnwerks.customer.service;

import io.dnwerks.common.loop.PollingLoop;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.contracts.customer.SegmentChanged;
import io.dnwerks.customer.domain.segment.Conditions;
import io.dnwerks.customer.domain.segment.InvalidConditionException;
import io.dnwerks.customer.messaging.SegmentEvents;
import io.dnwerks.customer.repository.SegmentMembershipRepository;
import io.dnwerks.customer.repository.SegmentMembershipRepository.Evaluated;
import io.dnwerks.customer.repository.SegmentMembershipRepository.Moves;
import io.dnwerks.customer.repository.SegmentMembershipRepository.QueuePosition;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps segment_memberships current between full refreshes, in three loops on every replica:
 * <ul>
 *   <li>customers queued by the triggers on customers and customer_tags are re-evaluated a batch at
 *   a time against every segment, joining and leaving in one statement per 50 segments, each count
 *   moved by the difference and a {@code membersChanged} SegmentChanged per segment that moved, all
 *   in the transaction that takes them off the queue (a round that fails leaves them queued);</li>
 *   <li>segments relative to time are refreshed in full once their members are older than
 *   {@code dnwerks.segments.time-relative-refresh};</li>
 *   <li>customer_segment_stats is refreshed every {@code dnwerks.segments.stats-refresh}.</li>
 * </ul>
 */
@ApplicationScoped
public class SegmentMaintenance {

    private static final Logger LOG = Logger.getLogger(SegmentMaintenance.class);

    private final SegmentMembershipRepository memberships;
    private final SegmentService segments;
    private final SegmentEvents events;
    private final Pool pool;
    private final SegmentsConfig config;
    private final PollingLoop queue;
    private final PollingLoop timeRelative;
    private final PollingLoop stats;
    private final Set<UUID> unevaluable = ConcurrentHashMap.newKeySet();
    /** Only the upkeep loop reads and writes it, one round at a time. */
    private volatile QueuePosition position = QueuePosition.HEAD;

    public SegmentMaintenance(SegmentMembershipRepository memberships, SegmentService segments, SegmentEvents events, Pool pool,
                              Vertx vertx, SegmentsConfig config) {
        this.memberships = memberships;
        this.segments = segments;
        this.events = events;
        this.pool = pool;
        this.config = config;
        int batch = config.maintenance().batchSize();
        this.queue = new PollingLoop(vertx, "segment upkeep", config.maintenance().pollInterval(), batch, this::evaluateQueued);
        Duration dueCheck = config.timeRelativeRefresh().compareTo(Duration.ofMinutes(1)) < 0 ? config.timeRelativeRefresh() : Duration.ofMinutes(1);
        this.timeRelative = new PollingLoop(vertx, "segment time refresh", dueCheck, 1, this::refreshNextDue);
        this.stats = new PollingLoop(vertx, "segment stats", config.statsRefresh(), Integer.MAX_VALUE,
                () -> Transactions.onConnection(pool, memberships::refreshStats).replaceWith(0));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.maintenance().enabled()) {
            queue.start();
            timeRelative.start();
            stats.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.stop();
        timeRelative.stop();
        stats.stop();
    }

    /**
     * One round: the customers it took off the queue, evaluated against every segment. Rounds go on
     * from where the last one ended while they come back full; one that does not sends the next back
     * to the head, where a customer queued by a transaction that committed late (its queued_at is
     * when it began) waits behind the position.
     */
    Uni<Integer> evaluateQueued() {
        QueuePosition from = position;
        int batch = config.maintenance().batchSize();
        QueuePosition[] reached = {QueuePosition.HEAD};
        return Transactions.onConnection(pool, tx -> memberships.claim(tx, from, batch).flatMap(claimed -> {
            List<UUID> customers = claimed.customers();
            reached[0] = customers.size() < batch ? QueuePosition.HEAD : claimed.last();
            if (customers.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return memberships.lockForMaintenance(tx)
                    .chain(() -> memberships.lockAll(tx))
                    .flatMap(rows -> reconcile(tx, customers, evaluable(rows)))
                    .replaceWith(customers.size());
        })).invoke(() -> position = reached[0]) // committed: the claimed are off the queue
                .onFailure().invoke(() -> position = QueuePosition.HEAD);
    }

    /**
     * The segments whose stored conditions parse. One that does not (written around the API, or by a
     * version whose language was wider) is left as it is and logged, rather than stopping the upkeep
     * of every other segment.
     */
    private List<Evaluated> evaluable(List<Object[]> rows) {
        List<Evaluated> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            UUID id = (UUID) r[0];
            try {
                out.add(new Evaluated(id, (String) r[1], Conditions.parse(segments.json((String) r[2]))));
            } catch (InvalidConditionException e) {
                if (unevaluable.add(id)) {
                    LOG.warnf("segment %s is not kept current: its stored conditions are not valid at %s: %s", id, e.path(), e.reason());
                }
            }
        }
        return out;
    }

    private Uni<Void> reconcile(Tx tx, List<UUID> customers, List<Evaluated> all) {
        List<List<Evaluated>> groups = new ArrayList<>();
        for (int i = 0; i < all.size(); i += SegmentMembershipRepository.SEGMENTS_PER_STATEMENT) {
            groups.add(all.subList(i, Math.min(all.size(), i + SegmentMembershipRepository.SEGMENTS_PER_STATEMENT)));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // one statement after the other: a transaction's connection runs one at a time anyway
        return Multi.createFrom().iterable(groups)
                .onItem().transformToUniAndConcatenate(group -> memberships.reconcile(tx, customers, group)
                        .flatMap(moved -> Multi.createFrom().iterable(moved)
                                .onItem().transformToUniAndConcatenate(m -> events.changed(tx, changed(group, m, now)))
                                .collect().last()))
                .collect().last().replaceWithVoid();
    }

    private static SegmentChanged changed(List<Evaluated> group, Moves m, OffsetDateTime now) {
        String name = group.stream().filter(s -> s.id().equals(m.segmentId())).map(Evaluated::name).findFirst().orElse(null);
        return new SegmentChanged(m.segmentId(), name, SegmentChanged.MEMBERS_CHANGED, m.customerCount(), m.joined().size(), m.left().size(),
                m.joined(), m.left(), now);
    }

    /** One round: the time-relative segment refreshed longest ago, refreshed if it is due; 1 if one was. */
    Uni<Integer> refreshNextDue() {
        Duration maxAge = config.timeRelativeRefresh();
        return Transactions.onConnection(pool, tx -> memberships.anyDue(tx, maxAge).flatMap(any -> !any
                ? Uni.createFrom().item(0)
                : memberships.lockForRefresh(tx).chain(() -> memberships.nextDue(tx, maxAge)).flatMap(due -> due == null
                        ? Uni.createFrom().item(0)
                        : segments.refreshed(tx, due.id(), due.conditions()).replaceWith(1))));
    }
}
