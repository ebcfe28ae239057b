package io.dnwerks.campaign.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.dnwerks.common.persistence.JsonColumn;
import jakarta.persistence.Convert;
import org.hibernate.annotations.ColumnTransformer;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A message to send to an audience, now or at a time, with its retry policy. */
@Entity
@Table(name = "campaigns")
public class Campaign extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(columnDefinition = "text")
    public String description;

    @Column(name = "message_content", nullable = false, columnDefinition = "text")
    public String messageContent;

    @Column(name = "scheduled_at")
    public OffsetDateTime scheduledAt;

    @Column(nullable = false, length = 50)
    public CampaignStatus status;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "send_immediately", nullable = false)
    public boolean sendImmediately;

    @Column(nullable = false, length = 50)
    public String timezone;

    @Column(name = "max_retries", nullable = false)
    public int maxRetries;

    @Column(name = "retry_delay_minutes", nullable = false)
    public int retryDelayMinutes;

    @Column(nullable = false)
    public int priority;

    @Convert(converter = AudienceColumn.class)
    @ColumnTransformer(read = "audience::text", write = JsonColumn.WRITE)
    @Column(columnDefinition = "jsonb")
    public Audience audience;

    @Column(name = "template_id")
    public UUID templateId;

    /** A narrower sending window than the law's, in each recipient's local time ("10:00-18:00 MON-FRI"). */
    @Column(name = "sending_window", length = 100)
    public String sendingWindow;

    /** Each recipient's message goes out at this local time in their zone, not before (waves by zone). */
    @Column(name = "send_at_local_time")
    public LocalDateTime sendAtLocalTime;

    /** Messages that cannot go out by then (quiet hours, frequency cap) end rejected rather than wait. */
    @Column(name = "deadline")
    public OffsetDateTime deadline;

    /** The sender (delivery-service's GET /api/v1/senders) its texts come from; null: the default sender. */
    @Column(name = "sender_id", length = 50)
    public String senderId;

    @Column(name = "launched_at")
    public OffsetDateTime launchedAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;
}
