package io.dnwerks.campaign.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.campaign.service.CampaignProgressTracker;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.dnwerks.common.tx.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Campaign progress from delivery.events.v1; per-message events (two per message) are not
 * campaign-service's business, so the topic is taken a poll at a time and they are passed over.
 */
@ApplicationScoped
public class DeliveryEventsConsumer {

    static final String CONSUMER = "campaign-progress";

    private final BatchInbox inbox;
    private final CampaignProgressTracker tracker;
    private final ObjectMapper json;

    public DeliveryEventsConsumer(BatchInbox inbox, CampaignProgressTracker tracker, ObjectMapper json) {
        this.inbox = inbox;
        this.tracker = tracker;
        this.json = json;
    }

    @Incoming("delivery-events")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return inbox.handleEach(records, CONSUMER, Set.of(DispatchProgress.TYPE), this::apply);
    }

    private Uni<String> apply(Tx tx, IncomingEvent event) {
        DispatchProgress report = event.dataAs(DispatchProgress.class, json);
        if (report.campaignId() == null) {
            throw new PoisonEventException("CampaignDispatchProgress without campaignId");
        }
        return tracker.record(tx, report);
    }
}
