package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.campaign.domain.CampaignProgress;
import io.dnwerks.campaign.domain.CampaignStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A campaign's message counts by status; all zero until delivery-service first reports.
 * {@code receiptsOverdue} of the {@code sent} messages have had no receipt within the receipt deadline.
 */
public record CampaignStats(UUID campaignId, CampaignStatus status, int total, int pending, int sent, int delivered,
                            int failed, int bounced, int rejected, int receiptsOverdue, boolean audienceComplete,
                            OffsetDateTime launchedAt, OffsetDateTime completedAt, OffsetDateTime updatedAt) {

    public static CampaignStats of(Campaign c, CampaignProgress p) {
        if (p == null) {
            return new CampaignStats(c.id, c.status, 0, 0, 0, 0, 0, 0, 0, 0, false, c.launchedAt, c.completedAt, null);
        }
        return new CampaignStats(c.id, c.status, p.total, p.pending, p.sent, p.delivered, p.failed, p.bounced, p.rejected,
                p.receiptsOverdue, p.audienceComplete, c.launchedAt, c.completedAt, p.updatedAt);
    }
}
