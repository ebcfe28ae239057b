package io.dnwerks.common.event;

import java.util.List;

/** The topics of architecture.md; each has a {@code .dlq} twin for what its consumers reject. */
public final class Topics {

    public static final String CUSTOMER_EVENTS = "customer.events.v1";
    public static final String CAMPAIGN_EVENTS = "campaign.events.v1";
    public static final String CAMPAIGN_AUDIENCE = "campaign.audience.v1";
    public static final String DELIVERY_EVENTS = "delivery.events.v1";
    public static final String AUDIT = "audit.v1";
    /** delivery-service's own journal of the receipts its webhooks accepted, applied from there (keyed by external id). */
    public static final String DELIVERY_RECEIPTS = "delivery.receipts.v1";
    public static final String DLQ_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(CUSTOMER_EVENTS, CAMPAIGN_EVENTS, CAMPAIGN_AUDIENCE, DELIVERY_EVENTS, AUDIT,
            DELIVERY_RECEIPTS);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
