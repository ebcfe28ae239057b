package io.dnwerks.common.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A CloudEvent read off a Kafka record. Reading fails with {@link PoisonEventException} when the
 * record is not one of ours (no id, no type, a body that is not JSON), which sends it to the DLQ.
 */
public record IncomingEvent(UUID id, String type, String source, String subject, OffsetDateTime time,
                            String topic, String key, JsonNode data) {

    public static IncomingEvent from(ConsumerRecord<String, byte[]> record, ObjectMapper json) {
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
        JsonNode data;
        try {
            data = json.readTree(record.value());
        } catch (IOException e) {
            throw new PoisonEventException("body is not JSON: " + e.getMessage());
        }
        if (data == null || !data.isObject()) {
            throw new PoisonEventException("body is not a JSON object");
        }
        return new IncomingEvent(eventId, type, header(record, CloudEventHeaders.SOURCE),
                header(record, CloudEventHeaders.SUBJECT), time, record.topic(), record.key(), data);
    }

    /** Binds the body to a payload record; a body that does not fit is poison, not a bug. */
    public <T> T dataAs(Class<T> type, ObjectMapper json) {
        try {
            // additive changes are allowed within a v1 topic: fields we do not know yet are skipped
            T value = json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(data);
            if (value == null) {
                throw new PoisonEventException("empty body for " + type.getSimpleName());
            }
            return value;
        } catch (IOException e) {
            throw new PoisonEventException("body does not fit " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
