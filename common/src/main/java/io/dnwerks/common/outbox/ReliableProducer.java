package io.dnwerks.common.outbox;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** A producer that waits for every replica (acks=all, idempotent) and gives up within seconds when Kafka is away. */
public final class ReliableProducer {

    private ReliableProducer() {
    }

    /**
     * @param compression {@code dnwerks.kafka.compression}: none, lz4, snappy, zstd or gzip. Compressing
     *                    trades the producer's and consumers' CPU for the network's and the broker's disk.
     */
    public static KafkaProducer<String, byte[]> create(Map<String, Object> brokerConfig, String clientId, String compression) {
        Map<String, Object> config = new HashMap<>(brokerConfig);
        config.keySet().removeIf(k -> k.startsWith("mp.") || k.contains("devservices"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }
}
