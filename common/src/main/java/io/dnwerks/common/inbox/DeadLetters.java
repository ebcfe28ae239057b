package io.dnwerks.common.inbox;

import io.dnwerks.common.outbox.ReliableProducer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends a record a batch consumer could not process to {@code <topic>.dlq}, as SmallRye's
 * dead-letter-queue strategy does for single-record consumers: same key, value and headers, plus
 * {@code dead-letter-reason}, {@code -topic}, {@code -partition} and {@code -offset}. (SmallRye would
 * dead-letter a whole batch for one bad record, so batch consumers do it themselves, record by record.)
 */
@ApplicationScoped
public class DeadLetters {

    private final Map<String, Object> kafkaConfig;
    private final String clientId;
    private final Vertx vertx;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dead-letter-sender");
        t.setDaemon(true);
        return t;
    });
    private final String compression;
    private volatile KafkaProducer<String, byte[]> producer;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Vertx vertx,
                       @ConfigProperty(name = "quarkus.application.name") String applicationName,
                       @ConfigProperty(name = "dnwerks.kafka.compression", defaultValue = "lz4") String compression) {
        this.kafkaConfig = kafkaConfig;
        this.compression = compression;
        this.vertx = vertx;
        this.clientId = applicationName + "-dead-letters";
    }

    /** Completes once the DLQ has the record; fails (so the batch is tried again) when Kafka does not take it. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        return Uni.createFrom().<Void>item(() -> {
            RecordHeaders headers = new RecordHeaders();
            for (Header h : record.headers()) {
                headers.add(h);
            }
            headers.add("dead-letter-reason", bytes(reason == null ? "unknown" : reason));
            headers.add("dead-letter-topic", bytes(record.topic()));
            headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
            headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
            try {
                producer().send(new ProducerRecord<>(record.topic() + ".dlq", null, record.key(), record.value(), headers))
                        .get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the DLQ did not take the record: " + e.getMessage(), e);
            }
            return null;
        }).runSubscriptionOn(sender).emitOn(r -> vertx.getDelegate().runOnContext(v -> r.run()));
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
        sender.shutdownNow();
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = ReliableProducer.create(kafkaConfig, clientId, compression);
        }
        return producer;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
