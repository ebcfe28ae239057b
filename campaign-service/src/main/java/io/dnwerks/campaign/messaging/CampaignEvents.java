package io.dnwerks.campaign.messaging;

import io.dnwerks.campaign.domain.Audience;
import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.campaign.domain.CampaignStatus;
import io.dnwerks.campaign.service.CampaignView;
import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What campaign-service tells the others on {@code campaign.events.v1}, through the outbox. */
@ApplicationScoped
public class CampaignEvents {

    public static final String CREATED = EventType.of("campaign", "CampaignCreated");
    public static final String SCHEDULED = EventType.of("campaign", "CampaignScheduled");
    public static final String LAUNCHED = EventType.of("campaign", "CampaignLaunched");
    public static final String PAUSED = EventType.of("campaign", "CampaignPaused");
    public static final String RESUMED = EventType.of("campaign", "CampaignResumed");
    public static final String CANCELLED = EventType.of("campaign", "CampaignCancelled");
    public static final String COMPLETED = EventType.of("campaign", "CampaignCompleted");

    /**
     * Everything the audience resolution and the delivery of a campaign need, so that neither has to
     * ask campaign-service anything.
     */
    public record CampaignLaunched(UUID campaignId, String name, OffsetDateTime launchedAt, String messageContent,
                                   Audience audience, int maxRetries, int retryDelayMinutes, int priority, String timezone,
                                   String sendingWindow, LocalDateTime sendAtLocalTime, OffsetDateTime deadline, String senderId) {
    }

    /** A change of state after launch (or a schedule): paused, resumed, cancelled, completed, scheduled. */
    public record CampaignStateChanged(UUID campaignId, CampaignStatus status, OffsetDateTime launchedAt,
                                       OffsetDateTime scheduledAt, OffsetDateTime at) {
    }

    private final Outbox outbox;

    public CampaignEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(Tx tx, CampaignView campaign) {
        return publish(tx, campaign.id(), CREATED, campaign);
    }

    public Uni<Void> launched(Tx tx, Campaign c) {
        return publish(tx, c.id, LAUNCHED, new CampaignLaunched(c.id, c.name, c.launchedAt, c.messageContent, c.audience,
                c.maxRetries, c.retryDelayMinutes, c.priority, c.timezone, c.sendingWindow, c.sendAtLocalTime, c.deadline, c.senderId));
    }

    /** The event that tells of the campaign's move into {@code c.status}. */
    public Uni<Void> stateChanged(Tx tx, Campaign c, String type) {
        return publish(tx, c.id, type, new CampaignStateChanged(c.id, c.status, c.launchedAt, c.scheduledAt, c.updatedAt));
    }

    private Uni<Void> publish(Tx tx, UUID campaignId, String type, Object payload) {
        return outbox.append(tx, new OutgoingEvent(Topics.CAMPAIGN_EVENTS, "campaign", campaignId.toString(), type, payload))
                .replaceWithVoid();
    }
}
