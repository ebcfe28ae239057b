package io.dnwerks.contracts.delivery;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A phone opted out ({@link #OPT_OUT}, e.g. STOP) or back in ({@link #OPT_IN}, e.g. START) by SMS, on
 * {@value #TOPIC}, keyed by the phone (the same key as its {@link InboundMessageReceived}, so a STOP
 * and a later START are applied in that order). delivery-service has suppressed or released the
 * number already; customer-service records it in the customer's consent ledger.
 */
public record KeywordReceived(UUID inboundMessageId, String phone, String keyword, String language,
                              OffsetDateTime receivedAt) {

    public static final String TOPIC = Topics.DELIVERY_EVENTS;
    public static final String OPT_OUT = EventType.of("delivery", "OptOutReceived");
    public static final String OPT_IN = EventType.of("delivery", "OptInReceived");

    public String key() {
        return phone;
    }
}
