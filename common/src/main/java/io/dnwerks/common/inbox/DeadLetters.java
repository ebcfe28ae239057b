package io.dnwerks.common.inbox;

import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.DirectPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Sends a record a batch consumer could not process to {@code <topic>.dlq}, as SmallRye's
 * dead-letter-queue strategy does for single-record consumers: same key, value and headers, plus
 * {@code dead-letter-reason}, {@code -topic}, {@code -partition} and {@code -offset}. (SmallRye would
 * dead-letter a whole batch for one bad record, so batch consumers do it themselves, record by record.)
 */
@ApplicationScoped
public class DeadLetters {

    private final DirectPublisher publisher;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Vertx vertx,
                       @ConfigProperty(name = "quarkus.application.name") String applicationName,
                       @ConfigProperty(name = "dnwerks.kafka.compression", defaultValue = "lz4") String compression) {
        this.publisher = new DirectPublisher(kafkaConfig, applicationName + "-dead-letters", compression, vertx);
    }

    /** Completes once the DLQ has the record; fails (so the batch is tried again) when Kafka does not take it. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add("dead-letter-reason", bytes(reason == null ? "unknown" : reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
        return publisher.publish(List.of(new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(), headers)));
    }

    void onStop(@Observes ShutdownEvent event) {
        publisher.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
