package io.dnwerks.common.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * A batch that keeps failing is split: each event is tried alone, and one that still fails goes to
 * the DLQ with the reason, so a single bad event neither blocks the partition nor drags good events
 * into the DLQ with it.
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
    private final ObjectMapper json;
    private final DeadLetters deadLetters;

    public BatchInbox(Pool pool, ObjectMapper json, DeadLetters deadLetters) {
        this.pool = pool;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    /**
     * @param read   the body as the consumer's type; throws {@link PoisonEventException} for a body that is not one
     * @param effect stores the new items through the transaction's connection
     */
    public <T> Uni<Void> handle(List<ConsumerRecord<String, byte[]>> records, String consumer, Function<IncomingEvent, T> read,
                                BiFunction<SqlConnection, List<T>, Uni<?>> effect) {
        List<Read<T>> good = new ArrayList<>(records.size());
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IncomingEvent event = IncomingEvent.from(record, json);
                good.add(new Read<>(record, event, read.apply(event)));
            } catch (PoisonEventException | IllegalArgumentException e) {
                LOG.warnf("%s: %s-%d@%d goes to the DLQ: %s", consumer, record.topic(), record.partition(), record.offset(), e.getMessage());
                poison.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = poison.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(poison).andFailFast().replaceWithVoid();
        Uni<Void> all = good.isEmpty() ? deadLettered : deadLettered.chain(() -> once(consumer, good, effect).replaceWithVoid()
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onFailure().recoverWithUni(f -> {
                    LOG.warnf("%s: a batch of %d failed (%s); trying its events one by one", consumer, good.size(), f.getMessage());
                    return oneByOne(consumer, good, effect);
                }));
        // what still fails is the DLQ itself (Kafka away): keep the batch and try again rather than let
        // the connector dead-letter all of it; everything done so far is idempotent
        return all.onFailure().invoke(f -> LOG.warnf("%s: a batch of %d waits: %s", consumer, records.size(), f.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private <T> Uni<Void> oneByOne(String consumer, List<Read<T>> events, BiFunction<SqlConnection, List<T>, Uni<?>> effect) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> once(consumer, List.of(e), effect).replaceWithVoid()
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                        .onFailure().recoverWithUni(f -> {
                            LOG.warnf("%s: event %s goes to the DLQ: %s", consumer, e.event().id(), f.getMessage());
                            return deadLetters.send(e.record(), f.getMessage());
                        }))
                .collect().last().replaceWithVoid();
    }

    /** @return how many events were new */
    private <T> Uni<Integer> once(String consumer, List<Read<T>> events, BiFunction<SqlConnection, List<T>, Uni<?>> effect) {
        UUID[] ids = events.stream().map(e -> e.event().id()).toArray(UUID[]::new);
        String[] types = events.stream().map(e -> e.event().type()).toArray(String[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM)
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
                    return items.isEmpty() ? Uni.createFrom().item(0) : effect.apply(conn, items).replaceWith(items.size());
                }));
    }
}
