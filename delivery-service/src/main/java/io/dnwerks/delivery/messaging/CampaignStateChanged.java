package io.dnwerks.delivery.messaging;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What delivery reads of campaign-service's Paused, Resumed and Cancelled events. */
public record CampaignStateChanged(UUID campaignId, String status, OffsetDateTime launchedAt) {

    public static final String PAUSED = "dnwerks.campaign.CampaignPaused.v1";
    public static final String RESUMED = "dnwerks.campaign.CampaignResumed.v1";
    public static final String CANCELLED = "dnwerks.campaign.CampaignCancelled.v1";
}
