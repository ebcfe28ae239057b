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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to Kafka. One relay per service is active at a time: each round takes a
 * transaction-scoped advisory lock, so two replicas never publish the same rows or overtake each
 * other, and the rows go out in {@code seq} order (thus in order per aggregate, which is the key).
 * A row is stamped sent only after Kafka acknowledged it with acks=all; when Kafka is down the round
 * rolls back and the rows wait. A crash between the ack and the commit re-publishes a batch: the
 * consumers' inbox makes that harmless.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('dnwerks-outbox:' || current_schema())) AS locked";
    private static final String PENDING = "SELECT id, topic, aggregate_id, event_type, payload::text AS payload, created_at"
            + " FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1";
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)";

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, Object> kafkaConfig;
    private final String source;
    private final boolean enabled;
    private final int batchSize;
    private final String compression;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-sender");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong published = new AtomicLong();
    private final PollingLoop loop;
    private volatile KafkaProducer<String, byte[]> producer;

    public OutboxRelay(Pool pool, Vertx vertx,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       @ConfigProperty(name = "quarkus.application.name") String applicationName,
                       @ConfigProperty(name = "dnwerks.outbox.relay.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "dnwerks.outbox.relay.poll-interval", defaultValue = "PT0.1S") Duration pollInterval,
                       @ConfigProperty(name = "dnwerks.outbox.relay.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "dnwerks.kafka.compression", defaultValue = "lz4") String compression) {
        this.compression = compression;
        this.pool = pool;
        this.vertx = vertx;
        this.kafkaConfig = kafkaConfig;
        this.source = "/" + applicationName;
        this.enabled = enabled;
        this.batchSize = batchSize;
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
                                return send(batch)
                                        .flatMap(ignored -> conn.preparedQuery(MARK_SENT)
                                                .execute(Tuple.of(batch.stream().map(Pending::id).toArray(UUID[]::new))))
                                        .map(ignored -> {
                                            published.addAndGet(batch.size());
                                            return batch.size();
                                        });
                            });
                });
    }

    /** Sends on a thread of its own: KafkaProducer.send blocks while the broker is unreachable. */
    private Uni<Void> send(List<Pending> batch) {
        return Uni.createFrom().<Void>item(() -> {
            KafkaProducer<String, byte[]> p = producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (Pending event : batch) {
                acks.add(p.send(event.toRecord(source)));
            }
            p.flush();
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("Kafka did not acknowledge: " + e.getMessage(), e);
                }
            }
            return null;
        }).runSubscriptionOn(sender).emitOn(r -> vertx.getDelegate().runOnContext(v -> r.run()));
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = ReliableProducer.create(kafkaConfig, source.substring(1) + "-outbox-relay", compression);
        }
        return producer;
    }

    private record Pending(UUID id, String topic, String aggregateId, String type, String payload, OffsetDateTime createdAt) {

        static Pending of(Row row) {
            return new Pending(row.getUUID("id"), row.getString("topic"), row.getString("aggregate_id"),
                    row.getString("event_type"), row.getString("payload"), row.getOffsetDateTime("created_at"));
        }

        ProducerRecord<String, byte[]> toRecord(String source) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
            headers.add(CloudEventHeaders.ID, bytes(id.toString()));
            headers.add(CloudEventHeaders.TYPE, bytes(type));
            headers.add(CloudEventHeaders.SOURCE, bytes(source));
            headers.add(CloudEventHeaders.SUBJECT, bytes(aggregateId));
            headers.add(CloudEventHeaders.TIME, bytes(createdAt.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
            headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
            return new ProducerRecord<>(topic, null, aggregateId, payload.getBytes(StandardCharsets.UTF_8), headers);
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
