package io.dnwerks.common.outbox;

import io.dnwerks.common.db.IndexLookups;
import io.dnwerks.common.event.CloudEventHeaders;
import io.dnwerks.common.loop.PollingLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to Kafka. One relay per service is active at a time: each round takes a
 * transaction-scoped advisory lock, so two replicas never publish the same rows or overtake each
 * other, and the rows go out in {@code seq} order (thus in order per aggregate, which is the key).
 * A row is stamped sent only after Kafka acknowledged it with acks=all. When Kafka is down nothing
 * is acknowledged, the round rolls back and the rows wait. A round that fails part-way stamps what
 * Kafka did acknowledge, so that no event is published again round after round. A row Kafka refuses
 * for good (larger than it takes, a topic name it cannot have) is moved to outbox_parked with the
 * reason, logged and counted ({@code dnwerks_outbox_parked_total}), and the relay goes on: one such
 * row must not hold back every event after it. A crash between the ack and the commit re-publishes a
 * batch: the consumers' inbox makes that harmless.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('dnwerks-outbox:' || current_schema())) AS locked";
    private static final String PENDING = "SELECT id, topic, aggregate_id, event_type, payload::text AS payload, created_at"
            + " FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1";
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)";
    // out of the outbox (whose unsent rows the relay walks in order) into a table an operator reads
    private static final String PARK = """
            WITH refused AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS r(id, reason)),
            moved AS (DELETE FROM outbox o USING refused r WHERE o.id = r.id RETURNING o.*, r.reason)
            INSERT INTO outbox_parked (seq, id, topic, aggregate_type, aggregate_id, event_type, payload, created_at, reason)
            SELECT seq, id, topic, aggregate_type, aggregate_id, event_type, payload, created_at, reason FROM moved
            """;

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, Object> kafkaConfig;
    private final String source;
    private final boolean enabled;
    private final int batchSize;
    private final String compression;
    private final MeterRegistry meters;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-sender");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong published = new AtomicLong();
    private final PollingLoop loop;
    private volatile KafkaProducer<String, byte[]> producer;

    @Inject
    public OutboxRelay(Pool pool, Vertx vertx,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       @ConfigProperty(name = "quarkus.application.name") String applicationName,
                       OutboxConfig config,
                       @ConfigProperty(name = "dnwerks.kafka.compression", defaultValue = "lz4") String compression,
                       MeterRegistry meters) {
        this(pool, vertx, kafkaConfig, applicationName, config.relay().enabled(), config.relay().pollInterval(),
                config.relay().batchSize(), compression, meters);
    }

    /** A relay of one's own, as a second replica runs one (tests). */
    public OutboxRelay(Pool pool, Vertx vertx, Map<String, Object> kafkaConfig, String applicationName, boolean enabled,
                       Duration pollInterval, int batchSize, String compression, MeterRegistry meters) {
        this.compression = compression;
        this.pool = pool;
        this.vertx = vertx;
        this.kafkaConfig = kafkaConfig;
        this.source = "/" + applicationName;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.meters = meters;
        this.loop = new PollingLoop(vertx, "outbox relay", pollInterval, batchSize, () -> pool.withTransaction(this::publishBatch));
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
        sender.shutdownNow();
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    /** Events published since start, for tests and metrics. */
    public long published() {
        return published.get();
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.query(LOCK).execute()
                .flatMap(lock -> {
                    if (!lock.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().item(0); // another replica is publishing
                    }
                    // walk idx_outbox_unsent in seq order and stop at the batch, whatever the statistics say
                    return IndexLookups.only(conn).chain(() -> conn.preparedQuery(PENDING).execute(Tuple.of(batchSize)))
                            .flatMap(rows -> {
                                List<Pending> batch = new ArrayList<>();
                                for (Row row : rows) {
                                    batch.add(Pending.of(row));
                                }
                                if (batch.isEmpty()) {
                                    return Uni.createFrom().item(0);
                                }
                                return send(batch).flatMap(outcome -> record(conn, batch, outcome));
                            });
                });
    }

    /** Stamps what Kafka took and parks what it refused for good; a round that got nothing through fails, to back off. */
    private Uni<Integer> record(SqlConnection conn, List<Pending> batch, Round outcome) {
        if (outcome.acked().isEmpty() && outcome.parked().isEmpty()) {
            return Uni.createFrom().failure(outcome.failure());
        }
        Uni<Void> marked = outcome.acked().isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(MARK_SENT).execute(Tuple.of(outcome.acked().toArray(UUID[]::new))).replaceWithVoid();
        Uni<Void> parked = outcome.parked().isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(PARK).execute(Tuple.of(
                        outcome.parked().stream().map(Refused::id).toArray(UUID[]::new),
                        outcome.parked().stream().map(Refused::reason).toArray(String[]::new))).replaceWithVoid();
        return marked.chain(() -> parked).map(ignored -> {
            published.addAndGet(outcome.acked().size());
            for (Refused r : outcome.parked()) {
                Pending p = r.event();
                LOG.errorf("outbox event %s (%s to %s, %d bytes) parked in outbox_parked: Kafka refuses it for good: %s",
                        p.id(), p.type(), p.topic(), p.payload().length(), r.reason());
                meters.counter("dnwerks.outbox.parked", "topic", p.topic(), "type", p.type()).increment();
            }
            if (outcome.failure() != null) {
                LOG.warnf("outbox relay: %d of %d event(s) published, the rest wait: %s", outcome.acked().size(), batch.size(),
                        outcome.failure().getMessage());
            }
            // a round that did not get through everything is not "full": the loop pauses before the next
            return outcome.failure() == null ? batch.size() : 0;
        });
    }

    /**
     * Sends on a thread of its own (KafkaProducer.send blocks while the broker is unreachable) and says,
     * row by row, what Kafka made of each: acknowledged, refused for good, or not now.
     */
    private Uni<Round> send(List<Pending> batch) {
        return Uni.createFrom().item(() -> {
            KafkaProducer<String, byte[]> p = producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (Pending event : batch) {
                Future<RecordMetadata> ack;
                try {
                    ack = p.send(event.toRecord(source));
                } catch (RuntimeException e) {
                    ack = CompletableFuture.failedFuture(e);
                }
                acks.add(ack);
                if (ack.isDone() && !mayGoOn(ack)) {
                    // failed before it left (no metadata, a full buffer: Kafka is away): sending the rest
                    // would block again for each, and a later event of an aggregate could get out first
                    break;
                }
            }
            p.flush();
            List<UUID> acked = new ArrayList<>(batch.size());
            List<Refused> parked = new ArrayList<>();
            Throwable failure = null;
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(30, TimeUnit.SECONDS);
                    acked.add(batch.get(i).id());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (refusedForGood(cause)) {
                        parked.add(new Refused(batch.get(i), cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                    } else if (failure == null) {
                        failure = new IllegalStateException("Kafka did not acknowledge: " + cause.getMessage(), cause);
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    if (failure == null) {
                        failure = new IllegalStateException("Kafka did not acknowledge: " + e.getMessage(), e);
                    }
                }
            }
            return new Round(acked, parked, failure);
        }).runSubscriptionOn(sender).emitOn(r -> vertx.getDelegate().runOnContext(v -> r.run()));
    }

    /**
     * What no retry can get past: a record larger than the producer or the broker takes, a topic name
     * Kafka cannot have, a record it cannot read. Anything else (the broker away, a leader moving,
     * credentials or ACLs an operator will fix) is waited out.
     */
    /** For a send already done: true if it went through or was refused for good, so the ones after it may still go. */
    private static boolean mayGoOn(Future<RecordMetadata> ack) {
        try {
            ack.get(0, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return refusedForGood(e.getCause());
        } catch (Exception e) {
            return true;
        }
    }

    static boolean refusedForGood(Throwable t) {
        return t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidTopicException || t instanceof InvalidRecordException || t instanceof SerializationException;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = ReliableProducer.create(kafkaConfig, source.substring(1) + "-outbox-relay", compression);
        }
        return producer;
    }

    /** What one round's sends came to: the rows Kafka acknowledged, those it refused for good, and the first other failure. */
    private record Round(List<UUID> acked, List<Refused> parked, Throwable failure) {
    }

    private record Refused(Pending event, String reason) {

        UUID id() {
            return event.id();
        }
    }

    private record Pending(UUID id, String topic, String aggregateId, String type, String payload, OffsetDateTime createdAt) {

        static Pending of(Row row) {
            return new Pending(row.getUUID("id"), row.getString("topic"), row.getString("aggregate_id"),
                    row.getString("event_type"), row.getString("payload"), row.getOffsetDateTime("created_at"));
        }

        ProducerRecord<String, byte[]> toRecord(String source) {
            return CloudEventHeaders.record(topic, id, type, source, aggregateId, createdAt, payload.getBytes(StandardCharsets.UTF_8));
        }
    }
}
