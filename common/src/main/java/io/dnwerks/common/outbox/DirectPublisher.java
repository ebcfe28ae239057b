package io.dnwerks.common.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    /**
     * The sender thread only hands the records to the producer (which can block on metadata or a full
     * buffer); acknowledgements complete the Uni from the producer's callbacks, so requests arriving
     * together share the producer's batches instead of waiting for each other's round trips.
     */
    public Uni<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> {
                    KafkaProducer<String, byte[]> p = producer();
                    List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
                    for (ProducerRecord<String, byte[]> r : records) {
                        CompletableFuture<Void> ack = new CompletableFuture<>();
                        p.send(r, (metadata, error) -> {
                            if (error == null) {
                                ack.complete(null);
                            } else {
                                ack.completeExceptionally(new IllegalStateException("Kafka did not take the record: "
                                        + error.getMessage(), error));
                            }
                        });
                        acks.add(ack);
                    }
                    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
                }, sender).thenCompose(all -> all))
                .ifNoItem().after(Duration.ofSeconds(30)).fail()
                .emitOn(r -> vertx.getDelegate().runOnContext(v -> r.run()));
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
