package io.dnwerks.common.inbox;

import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.fault.TransientWait;
import io.dnwerks.common.tx.ConnectionTx;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.common.tx.Transactions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@link Inbox} for consumers that take records a poll at a time: every event of the batch is
 * claimed in processed_events with one statement, and the effect runs once for all the events not
 * seen before, in the same transaction. A record that cannot be read goes to the DLQ on its own.
 * Transient failures (the database away) are waited out for as long as they last, the batch held.
 * A batch that keeps failing for a lasting reason is split: each event is tried alone, and one that
 * still fails goes to the DLQ with the reason, so a single bad event neither blocks the partition
 * nor drags good events into the DLQ with it.
 */
@ApplicationScoped
public class BatchInbox {

    private static final Logger LOG = Logger.getLogger(BatchInbox.class);

    private static final String CLAIM = """
            INSERT INTO processed_events (event_id, consumer, event_type, effect)
            SELECT e.id, $2, e.type, $4 FROM unnest($1::uuid[], $3::text[]) AS e(id, type)
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """;

    /** An event read off its record, with what the consumer made of its body. */
    public record Read<T>(ConsumerRecord<String, byte[]> record, IncomingEvent event, T item) {
    }

    private final Pool pool;
    private final DeadLetters deadLetters;
    private final Inbox inbox;
    private final TransientWait transientWait;

    public BatchInbox(Pool pool, DeadLetters deadLetters, Inbox inbox, TransientWait transientWait) {
        this.pool = pool;
        this.deadLetters = deadLetters;
        this.inbox = inbox;
        this.transientWait = transientWait;
    }

    /**
     * For a consumer that wants a few types of a busy topic's events: a poll's records of other types
     * are passed over by their {@code ce_type} header alone (taking a busy topic record by record cost
     * more than the work on the wanted ones), and each wanted one is handled in order exactly as
     * {@link Inbox#handle(ConsumerRecord, String, Set, BiFunction)} does; one that cannot be handled goes to
     * the DLQ on its own.
     */
    public Uni<Void> handleEach(ConsumerRecords<String, byte[]> records, String consumer, Set<String> types,
                                BiFunction<Tx, IncomingEvent, Uni<String>> effect) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> inbox.handle(record, consumer, types, effect)
                        .onFailure().recoverWithUni(f -> {
                            LOG.warnf("%s: %s-%d@%d goes to the DLQ: %s", consumer, record.topic(), record.partition(),
                                    record.offset(), f.getMessage());
                            return deadLetters.send(record, f.getMessage());
                        }))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(f -> LOG.warnf("%s: a batch of %d waits: %s", consumer, records.count(), f.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    /**
     * @param read   the body as the consumer's type; throws {@link PoisonEventException} for a body that is not one
     * @param effect stores the new items in the transaction it is given (its connection for bulk SQL), the claim's
     */
    public <T> Uni<Void> handle(ConsumerRecords<String, byte[]> records, String consumer, Function<IncomingEvent, T> read,
                                BiFunction<ConnectionTx, List<T>, Uni<?>> effect) {
        return handle(records, consumer, read, effect, 1);
    }

    /**
     * As {@link #handle(ConsumerRecords, String, Function, BiFunction)}, with the batch's events dealt out over
     * {@code parallelism} transactions that run at once, each on its own connection: for consumers
     * whose events may be applied in any order and whose effect is heavy enough to use more than one
     * core of the database.
     */
    public <T> Uni<Void> handle(ConsumerRecords<String, byte[]> records, String consumer, Function<IncomingEvent, T> read,
                                BiFunction<ConnectionTx, List<T>, Uni<?>> effect, int parallelism) {
        List<Read<T>> good = new ArrayList<>(records.count());
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IncomingEvent event = IncomingEvent.from(record);
                good.add(new Read<>(record, event, read.apply(event)));
            } catch (PoisonEventException | IllegalArgumentException e) {
                LOG.warnf("%s: %s-%d@%d goes to the DLQ: %s", consumer, record.topic(), record.partition(), record.offset(), e.getMessage());
                poison.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = poison.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(poison).andFailFast().replaceWithVoid();
        List<Uni<Void>> groups = new ArrayList<>();
        for (List<Read<T>> group : dealOut(good, parallelism)) {
            groups.add(patiently(consumer, group, effect)
                    .onFailure().recoverWithUni(f -> {
                        LOG.warnf("%s: a batch of %d failed (%s); trying its events one by one", consumer, group.size(), f.getMessage());
                        return oneByOne(consumer, group, effect);
                    }));
        }
        Uni<Void> all = groups.isEmpty() ? deadLettered
                : deadLettered.chain(() -> Uni.join().all(groups).andCollectFailures().replaceWithVoid());
        // what still fails is the DLQ itself (Kafka away): keep the batch and try again rather than let
        // the connector dead-letter all of it; everything done so far is idempotent
        return all.onFailure().invoke(f -> LOG.warnf("%s: a batch of %d waits: %s", consumer, records.count(), f.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private static <T> List<List<Read<T>>> dealOut(List<Read<T>> events, int parallelism) {
        int n = Math.max(1, Math.min(parallelism, events.size()));
        List<List<Read<T>>> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < events.size(); i++) {
            groups.get(i % n).add(events.get(i));
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    private <T> Uni<Void> oneByOne(String consumer, List<Read<T>> events, BiFunction<ConnectionTx, List<T>, Uni<?>> effect) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> patiently(consumer, List.of(e), effect)
                        .onFailure().recoverWithUni(f -> {
                            LOG.warnf("%s: event %s goes to the DLQ: %s", consumer, e.event().id(), f.getMessage());
                            return deadLetters.send(e.record(), f.getMessage());
                        }))
                .collect().last().replaceWithVoid();
    }

    /**
     * Applies the events, waiting out transient failures for as long as they last; fails only for a
     * lasting reason, after {@link Inbox#POISON_ATTEMPTS} tries, and then the caller splits the batch.
     */
    private <T> Uni<Void> patiently(String consumer, List<Read<T>> events, BiFunction<ConnectionTx, List<T>, Uni<?>> effect) {
        return transientWait.waitOut(consumer, () -> once(consumer, events, effect))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(Inbox.POISON_ATTEMPTS - 1)
                .replaceWithVoid();
    }

    /** @return how many events were new */
    private <T> Uni<Integer> once(String consumer, List<Read<T>> events, BiFunction<ConnectionTx, List<T>, Uni<?>> effect) {
        UUID[] ids = events.stream().map(e -> e.event().id()).toArray(UUID[]::new);
        String[] types = events.stream().map(e -> e.event().type()).toArray(String[]::new);
        return Transactions.onConnection(pool, tx -> tx.connection().preparedQuery(CLAIM)
                .execute(Tuple.of(ids, consumer, types, "in a batch of " + events.size()))
                .flatMap(claimed -> {
                    Set<UUID> fresh = new HashSet<>();
                    for (Row r : claimed) {
                        fresh.add(r.getUUID("event_id"));
                    }
                    List<T> items = new ArrayList<>(fresh.size());
                    for (Read<T> e : events) {
                        if (fresh.remove(e.event().id())) { // a repeat within the batch counts once
                            items.add(e.item());
                        }
                    }
                    return items.isEmpty() ? Uni.createFrom().item(0) : effect.apply(tx, items).replaceWith(items.size());
                }));
    }
}
