package io.dnwerks.campaign.messaging;

import io.dnwerks.campaign.service.CampaignView;
import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What campaign-service tells the others on {@code campaign.events.v1}, through the outbox. */
@ApplicationScoped
public class CampaignEvents {

    public static final String CREATED = EventType.of("campaign", "CampaignCreated");

    private final Outbox outbox;

    public CampaignEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(CampaignView campaign) {
        return outbox.append(new OutgoingEvent(Topics.CAMPAIGN_EVENTS, "campaign", campaign.id().toString(), CREATED, campaign))
                .replaceWithVoid();
    }
}
