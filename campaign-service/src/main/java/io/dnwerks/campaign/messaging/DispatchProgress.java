package io.dnwerks.campaign.messaging;

import java.util.UUID;

/** What campaign-service reads of delivery-service's CampaignDispatchProgress. */
public record DispatchProgress(UUID campaignId, long seq, int total, int pending, int sent, int delivered, int failed,
                               int bounced, int rejected, boolean audienceComplete) {

    public static final String TYPE = "dnwerks.delivery.CampaignDispatchProgress.v1";

    /** Every message of the whole audience has reached a final state. */
    public boolean allFinal() {
        return audienceComplete && pending == 0 && sent == 0;
    }
}
