package io.dnwerks.campaign.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The latest message counts delivery-service reported for a campaign. */
@Entity
@Table(name = "campaign_progress")
public class CampaignProgress extends PanacheEntityBase {

    @Id
    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "report_seq", nullable = false)
    public long reportSeq;

    @Column(nullable = false)
    public int total;

    @Column(nullable = false)
    public int pending;

    @Column(nullable = false)
    public int sent;

    @Column(nullable = false)
    public int delivered;

    @Column(nullable = false)
    public int failed;

    @Column(nullable = false)
    public int bounced;

    @Column(nullable = false)
    public int rejected;

    /** Sent messages whose receipt is overdue: still counted in {@link #sent}. */
    @Column(name = "receipts_overdue", nullable = false)
    public int receiptsOverdue;

    @Column(name = "audience_complete", nullable = false)
    public boolean audienceComplete;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
