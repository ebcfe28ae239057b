package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.CampaignProgress;
import io.dnwerks.campaign.messaging.DispatchProgress;
import io.dnwerks.campaign.repository.CampaignProgressRepository;
import io.dnwerks.campaign.repository.CampaignRepository;
import io.dnwerks.common.tx.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the latest progress delivery-service reported for each campaign and marks a sending
 * campaign sent once every message is final. A report older than the one kept is ignored.
 */
@ApplicationScoped
public class CampaignProgressTracker {

    private final CampaignProgressRepository progress;
    private final CampaignRepository campaigns;
    private final CampaignLifecycle lifecycle;

    public CampaignProgressTracker(CampaignProgressRepository progress, CampaignRepository campaigns, CampaignLifecycle lifecycle) {
        this.progress = progress;
        this.campaigns = campaigns;
        this.lifecycle = lifecycle;
    }

    /** In the consumer's inbox transaction. */
    public Uni<String> record(Tx tx, DispatchProgress report) {
        return campaigns.findForUpdate(report.campaignId()).flatMap(campaign -> {
            if (campaign == null) {
                return Uni.createFrom().item("unknown campaign");
            }
            return progress.findById(report.campaignId()).flatMap(kept -> {
                if (kept != null && kept.reportSeq >= report.seq()) {
                    return Uni.createFrom().item("stale report " + report.seq());
                }
                CampaignProgress p = kept == null ? new CampaignProgress() : kept;
                p.campaignId = report.campaignId();
                p.reportSeq = report.seq();
                p.total = report.total();
                p.pending = report.pending();
                p.sent = report.sent();
                p.delivered = report.delivered();
                p.failed = report.failed();
                p.bounced = report.bounced();
                p.rejected = report.rejected();
                p.receiptsOverdue = report.receiptsOverdue();
                p.audienceComplete = report.audienceComplete();
                p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                Uni<CampaignProgress> saved = kept == null ? progress.persist(p) : Uni.createFrom().item(p);
                return saved.flatMap(x -> report.allFinal()
                        ? lifecycle.completeIfDone(tx, campaign).map(done -> done ? "completed" : "report " + report.seq())
                        : Uni.createFrom().item("report " + report.seq()));
            });
        });
    }
}
