package io.dnwerks.campaign.messaging;

import java.util.UUID;

/** What campaign-service reads of delivery-service's CampaignDispatchProgress. */
public record DispatchProgress(UUID campaignId, long seq, int total, int pending, int sent, int delivered, int failed,
                               int bounced, int rejected, int receiptsOverdue, boolean audienceComplete) {

    public static final String TYPE = "dnwerks.delivery.CampaignDispatchProgress.v1";

    /**
     * Every message of the whole audience has reached a final state, or was sent and its receipt is
     * overdue (delivery-service's receipt deadline): nothing more is to be done for the campaign.
     */
    public boolean allFinal() {
        return audienceComplete && pending == 0 && sent <= receiptsOverdue;
    }
}
