package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.Inbox;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.delivery.repository.DeliveryCampaignRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;

/** Pause, resume and cancel reach dispatch through campaign.events.v1. */
@ApplicationScoped
public class CampaignEventsConsumer {

    public static final String CONSUMER = "campaign-state";
    private static final Map<String, String> STATUS_BY_TYPE = Map.of(
            CampaignStateChanged.PAUSED, "paused",
            CampaignStateChanged.RESUMED, "sending",
            CampaignStateChanged.CANCELLED, "cancelled");

    private final Inbox inbox;
    private final DeliveryCampaignRepository campaigns;
    private final ObjectMapper json;

    public CampaignEventsConsumer(Inbox inbox, DeliveryCampaignRepository campaigns, ObjectMapper json) {
        this.inbox = inbox;
        this.campaigns = campaigns;
        this.json = json;
    }

    @Incoming("campaign-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return inbox.handle(record, CONSUMER, STATUS_BY_TYPE.keySet(), this::apply);
    }

    private Uni<String> apply(Tx tx, IncomingEvent event) {
        String status = STATUS_BY_TYPE.get(event.type());
        CampaignStateChanged change = event.dataAs(CampaignStateChanged.class, json);
        if (change.campaignId() == null || change.launchedAt() == null) {
            throw new PoisonEventException(event.type() + " without campaignId or launchedAt");
        }
        return campaigns.setStatus(tx, change.campaignId(), change.launchedAt(), status).map(n -> "campaign " + status);
    }
}
