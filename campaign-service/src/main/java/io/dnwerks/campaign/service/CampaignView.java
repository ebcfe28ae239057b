package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.Audience;
import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.campaign.domain.CampaignStatus;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

public record CampaignView(
        UUID id,
        String name,
        String description,
        String messageContent,
        UUID templateId,
        Audience audience,
        CampaignStatus status,
        OffsetDateTime scheduledAt,
        boolean sendImmediately,
        String timezone,
        int maxRetries,
        int retryDelayMinutes,
        int priority,
        String sendingWindow,
        LocalDateTime sendAtLocalTime,
        OffsetDateTime deadline,
        String senderId,
        UUID createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime launchedAt,
        OffsetDateTime completedAt) {

    public static CampaignView of(Campaign c) {
        return new CampaignView(c.id, c.name, c.description, c.messageContent, c.templateId, c.audience, c.status,
                c.scheduledAt, c.sendImmediately, c.timezone, c.maxRetries, c.retryDelayMinutes, c.priority, c.sendingWindow,
                c.sendAtLocalTime, c.deadline, c.senderId, c.createdBy,
                c.createdAt, c.updatedAt, c.launchedAt, c.completedAt);
    }
}
