package io.dnwerks.common.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes records straight to Kafka, not through the outbox: for what must get out while the
 * database is away (a record for the DLQ, a receipt a gateway is waiting to hand over). Completes once
 * Kafka has every record (acks=all); fails, so the caller can refuse or retry, when it has not.
 * KafkaProducer.send blocks while the broker is unreachable, so sends run on a thread of their own.
 */
public final class DirectPublisher implements AutoCloseable {

    private final Map<String, Object> kafkaConfig;
    private final String clientId;
    private final String compression;
    private final Vertx vertx;
    private final ExecutorService sender;
    private volatile KafkaProducer<String, byte[]> producer;

    public DirectPublisher(Map<String, Object> kafkaConfig, String clientId, String compression, Vertx vertx) {
        this.kafkaConfig = kafkaConfig;
        this.clientId = clientId;
        this.compression = compression;
        this.vertx = vertx;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, clientId);
            t.setDaemon(true);
            return t;
        });
    }

    public Uni<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        return Uni.createFrom().<Void>item(() -> {
            KafkaProducer<String, byte[]> p = producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> r : records) {
                acks.add(p.send(r));
            }
            if (records.size() > 1) {
                p.flush();
            }
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("Kafka did not take the record: " + e.getMessage(), e);
                }
            }
            return null;
        }).runSubscriptionOn(sender).emitOn(r -> vertx.getDelegate().runOnContext(v -> r.run()));
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = ReliableProducer.create(kafkaConfig, clientId, compression);
        }
        return producer;
    }

    @Override
    public void close() {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
        sender.shutdownNow();
    }
}
