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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.dnwerks.contracts.campaign.SendingWindow;
import java.time.LocalDateTime;
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
        @Min(-100) @Max(100) Integer priority,
        @Size(max = 100) String sendingWindow,
        LocalDateTime sendAtLocalTime,
        OffsetDateTime deadline,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,49}", message = "must be a sender id as GET /api/v1/senders lists them (a-z, 0-9, -)")
        String senderId) {

    @JsonIgnore
    @AssertTrue(message = "must read like 10:00-18:00 or 09:00-20:00 MON-FRI (opening before closing, days optional)")
    @ReportedAs("sendingWindow")
    public boolean isSendingWindowReadable() {
        if (sendingWindow == null) {
            return true;
        }
        try {
            SendingWindow.parse(sendingWindow);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @JsonIgnore
    @AssertTrue(message = "must be in the future, and after scheduledAt when both are set")
    @ReportedAs("deadline")
    public boolean isDeadlineAhead() {
        return deadline == null || deadline.isAfter(OffsetDateTime.now()) && (scheduledAt == null || deadline.isAfter(scheduledAt));
    }

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
