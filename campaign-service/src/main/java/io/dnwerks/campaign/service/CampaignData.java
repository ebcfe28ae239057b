package io.dnwerks.campaign.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dnwerks.campaign.domain.Audience;
import io.dnwerks.common.validation.ReportedAs;
import io.dnwerks.common.validation.Timezone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A campaign as the marketer writes it: its text (or a template to take it from), its audience,
 * when it goes out and how failures are retried. The text must have more than ten characters once
 * trimmed and at most 1600 (ten concatenated SMS), as the seed's CHECK says.
 */
public record CampaignData(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 10000) String description,
        @Size(max = 1600) String messageContent,
        UUID templateId,
        @Valid Audience audience,
        OffsetDateTime scheduledAt,
        Boolean sendImmediately,
        @Timezone @Size(max = 50) String timezone,
        @Min(0) @Max(10) Integer maxRetries,
        @Min(1) @Max(1440) Integer retryDelayMinutes,
        @Min(-100) @Max(100) Integer priority) {

    @JsonIgnore
    @AssertTrue(message = "is required unless templateId is given")
    @ReportedAs("messageContent")
    public boolean isMessageContentGiven() {
        return templateId != null || messageContent != null && !messageContent.isBlank();
    }

    @JsonIgnore
    @AssertTrue(message = "must have more than 10 characters besides surrounding spaces")
    @ReportedAs("messageContent")
    public boolean isMessageContentLongEnough() {
        return messageContent == null || messageContent.isBlank() || messageContent.trim().length() > 10;
    }

    @JsonIgnore
    @AssertTrue(message = "cannot be set together with sendImmediately")
    @ReportedAs("scheduledAt")
    public boolean isScheduledAtExclusive() {
        return scheduledAt == null || !Boolean.TRUE.equals(sendImmediately);
    }

    @JsonIgnore
    @AssertTrue(message = "must be in the future")
    @ReportedAs("scheduledAt")
    public boolean isScheduledAtInTheFuture() {
        return scheduledAt == null || scheduledAt.isAfter(OffsetDateTime.now());
    }
}
