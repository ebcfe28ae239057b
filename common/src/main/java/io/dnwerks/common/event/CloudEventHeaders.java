package io.dnwerks.common.event;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** CloudEvents 1.0 Kafka protocol binding, binary mode: attributes travel as {@code ce_} headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** A binary-mode CloudEvent record: the key is the subject, so one subject's events stay in order. */
    public static ProducerRecord<String, byte[]> record(String topic, UUID id, String type, String source, String subject,
                                                       OffsetDateTime time, byte[] body) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SPEC_VERSION, bytes(SPEC_VERSION_1_0));
        headers.add(ID, bytes(id.toString()));
        headers.add(TYPE, bytes(type));
        headers.add(SOURCE, bytes(source));
        headers.add(SUBJECT, bytes(subject));
        headers.add(TIME, bytes(time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        headers.add(CONTENT_TYPE, bytes(JSON));
        return new ProducerRecord<>(topic, null, subject, body, headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
