package io.dnwerks.common.inbox;

import io.dnwerks.common.event.CloudEventHeaders;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.fault.TransientWait;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.BiFunction;

/**
 * At-least-once delivery made effectively-once: the event id is claimed in processed_events in the
 * same transaction as the handler's effect. A redelivered event finds its claim and changes nothing;
 * two concurrent deliveries serialize on the primary key and the second one finds the claim.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final TransientWait transientWait;

    public Inbox(TransientWait transientWait) {
        this.transientWait = transientWait;
    }

    private static final String CLAIM = "INSERT INTO processed_events (event_id, consumer, event_type) VALUES ($1, $2, $3)"
            + " ON CONFLICT DO NOTHING";
    /** How often an effect that fails for a lasting reason is tried before its record is taken for poison. */
    public static final int POISON_ATTEMPTS = 4;

    private static final String RECORD_EFFECT = "UPDATE processed_events SET effect = $1 WHERE event_id = $2 AND consumer = $3";

    /**
     * The whole of a consumer's work on one record: read the envelope, apply the effect once, and
     * wait out transient failures (the database away) for as long as they last, the partition held
     * meanwhile. Only poison fails the returned Uni, which sends the record to the DLQ: a record that
     * is not ours or does not fit ({@link PoisonEventException}), or an effect that keeps failing for
     * a reason that will not pass (tried {@value #POISON_ATTEMPTS} times, in case it was a race).
     */
    public Uni<Void> handle(ConsumerRecord<String, byte[]> record, String consumer, BiFunction<Tx, IncomingEvent, Uni<String>> effect) {
        IncomingEvent event;
        try {
            event = IncomingEvent.from(record);
        } catch (PoisonEventException e) {
            return Uni.createFrom().<Void>failure(e).onFailure().invoke(f -> poison(record, consumer, f));
        }
        return transientWait.waitOut(consumer, () -> once(consumer, event, tx -> effect.apply(tx, event)))
                .onFailure(f -> !(f instanceof PoisonEventException) && !(f instanceof IllegalArgumentException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(POISON_ATTEMPTS - 1)
                .onFailure().invoke(f -> poison(record, consumer, f))
                .replaceWithVoid();
    }

    private static void poison(ConsumerRecord<String, byte[]> record, String consumer, Throwable f) {
        LOG.warnf("%s: %s-%d@%d goes to the DLQ: %s", consumer, record.topic(), record.partition(), record.offset(), f.getMessage());
    }

    /**
     * As {@link #handle(ConsumerRecord, String, BiFunction)}, for a consumer that wants only some types
     * of a topic's events: the others are acknowledged from their {@code ce_type} header alone, with
     * no parsing and no transaction (a topic carries many events a given consumer has no use for).
     */
    public Uni<Void> handle(ConsumerRecord<String, byte[]> record, String consumer, Set<String> types,
                            BiFunction<Tx, IncomingEvent, Uni<String>> effect) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type != null && type.value() != null && !types.contains(new String(type.value(), StandardCharsets.UTF_8))) {
            return Uni.createFrom().voidItem();
        }
        return handle(record, consumer, effect);
    }

    /**
     * Runs {@code effect} once per event and consumer, in one transaction with the claim; the effect is
     * given that transaction.
     *
     * @param effect does the work and names what it did (stored with the claim, for diagnosis)
     * @return true when the effect ran, false for a duplicate
     */
    public Uni<Boolean> once(String consumer, IncomingEvent event, Function<Tx, Uni<String>> effect) {
        return Panache.withTransaction(() -> Transactions.current().flatMap(tx -> tx.execute(CLAIM, event.id(), consumer, event.type())
                .flatMap(claimed -> claimed == 0
                        ? Uni.createFrom().item(false)
                        : effect.apply(tx).flatMap(what -> tx.execute(RECORD_EFFECT, what, event.id(), consumer).replaceWith(true)))));
    }
}
