package io.dnwerks.common.outbox;

import java.util.Objects;

/**
 * An event to publish: the topic, the aggregate it is about (its id becomes the Kafka key and the
 * CloudEvent subject, so one aggregate's events stay in order on one partition), its type and body.
 */
public record OutgoingEvent(String topic, String aggregateType, String aggregateId, String type, Object payload) {

    public OutgoingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
