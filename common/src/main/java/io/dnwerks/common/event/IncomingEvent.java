package io.dnwerks.common.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A CloudEvent read off a Kafka record. Reading fails with {@link PoisonEventException} when the
 * record is not one of ours (no id, no type, no body), and so does binding a body that is not JSON
 * or not the expected shape; either sends the record to the DLQ. The body is parsed only when bound,
 * straight into the consumer's type: an AudienceBatch (150 kB) parsed into a tree first and bound
 * from the tree cost twice.
 */
public record IncomingEvent(UUID id, String type, String source, String subject, OffsetDateTime time,
                            String topic, String key, byte[] body) {

    public static IncomingEvent from(ConsumerRecord<String, byte[]> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || type == null) {
            throw new PoisonEventException("record has no " + (id == null ? CloudEventHeaders.ID : CloudEventHeaders.TYPE) + " header");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(CloudEventHeaders.ID + " is not a UUID: " + id);
        }
        OffsetDateTime time = null;
        String rawTime = header(record, CloudEventHeaders.TIME);
        if (rawTime != null) {
            try {
                time = OffsetDateTime.parse(rawTime);
            } catch (DateTimeParseException e) {
                throw new PoisonEventException(CloudEventHeaders.TIME + " is not an RFC 3339 time: " + rawTime);
            }
        }
        if (record.value() == null) {
            throw new PoisonEventException("record has no body");
        }
        return new IncomingEvent(eventId, type, header(record, CloudEventHeaders.SOURCE),
                header(record, CloudEventHeaders.SUBJECT), time, record.topic(), record.key(), record.value());
    }

    /** Binds the body to a payload record; a body that does not fit is poison, not a bug. */
    public <T> T dataAs(Class<T> type, ObjectMapper json) {
        T value;
        try {
            // additive changes are allowed within a v1 topic: fields we do not know yet are skipped
            value = json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (JsonParseException e) {
            throw new PoisonEventException("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PoisonEventException("body does not fit " + type.getSimpleName() + ": " + e.getMessage());
        }
        if (value == null) {
            throw new PoisonEventException("empty body for " + type.getSimpleName());
        }
        return value;
    }

    /** The body as a JSON object, for a consumer that passes parts of it on as they are. */
    public ObjectNode dataAsObject(ObjectMapper json) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            throw new PoisonEventException("body is not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new PoisonEventException("body is not a JSON object");
        }
        return (ObjectNode) tree;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
