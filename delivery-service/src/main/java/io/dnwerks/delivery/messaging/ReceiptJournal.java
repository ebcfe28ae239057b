package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.CloudEventHeaders;
import io.dnwerks.common.outbox.DirectPublisher;
import io.dnwerks.delivery.repository.ReceiptRepository.Receipt;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Puts accepted receipts on delivery.receipts.v1 and completes once Kafka has them all (acks=all):
 * only then is the gateway told its receipts were taken. Straight to Kafka, not through the outbox,
 * so that receipts are taken while the database is away; with Kafka away too the webhook answers 503
 * and the gateway sends them again later.
 */
@ApplicationScoped
public class ReceiptJournal {

    private final DirectPublisher publisher;
    private final ObjectMapper json;
    private final String source;

    public ReceiptJournal(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Vertx vertx, ObjectMapper json,
                          @ConfigProperty(name = "quarkus.application.name") String applicationName,
                          @ConfigProperty(name = "dnwerks.kafka.compression", defaultValue = "lz4") String compression) {
        this.publisher = new DirectPublisher(kafkaConfig, applicationName + "-receipt-journal", compression, vertx);
        this.json = json;
        this.source = "/" + applicationName;
    }

    public Uni<Void> journal(String provider, List<Receipt> receipts) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(receipts.size());
        for (Receipt r : receipts) {
            byte[] body;
            try {
                body = json.writeValueAsBytes(new ReceiptReceived(provider, r.externalId(), r.messageId(), r.status(), r.at(), r.error(), now));
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(new IllegalStateException(e));
            }
            records.add(CloudEventHeaders.record(ReceiptReceived.TOPIC, UUID.randomUUID(), ReceiptReceived.TYPE, source,
                    r.externalId(), now, body));
        }
        return publisher.publish(records);
    }

    void onStop(@Observes ShutdownEvent event) {
        publisher.close();
    }
}
