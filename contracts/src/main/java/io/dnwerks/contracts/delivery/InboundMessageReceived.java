package io.dnwerks.contracts.delivery;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An SMS a phone sent us (MO), on {@value #TOPIC}, keyed by the sender's number so that one phone's
 * messages stay in order. {@code keyword} is {@code opt-out}, {@code opt-in}, {@code help} or null,
 * {@code language} the language the keyword belongs to when only one has it.
 */
public record InboundMessageReceived(UUID inboundMessageId, String provider, String from, String to, String text,
                                     String keyword, String language, OffsetDateTime receivedAt) {

    public static final String TOPIC = Topics.DELIVERY_EVENTS;
    public static final String TYPE = EventType.of("delivery", "InboundMessageReceived");

    public String key() {
        return from;
    }
}
