package io.dnwerks.campaign.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.campaign.service.CampaignProgressTracker;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** Campaign progress from delivery.events.v1; per-message events are not campaign-service's business. */
@ApplicationScoped
public class DeliveryEventsConsumer {

    static final String CONSUMER = "campaign-progress";

    private final Inbox inbox;
    private final CampaignProgressTracker tracker;
    private final ObjectMapper json;

    public DeliveryEventsConsumer(Inbox inbox, CampaignProgressTracker tracker, ObjectMapper json) {
        this.inbox = inbox;
        this.tracker = tracker;
        this.json = json;
    }

    @Incoming("delivery-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return inbox.handle(record, CONSUMER, Set.of(DispatchProgress.TYPE), this::apply);
    }

    private Uni<String> apply(IncomingEvent event) {
        DispatchProgress report = event.dataAs(DispatchProgress.class, json);
        if (report.campaignId() == null) {
            throw new PoisonEventException("CampaignDispatchProgress without campaignId");
        }
        return tracker.record(report);
    }
}
