package io.dnwerks.delivery.repository;

import io.dnwerks.common.tx.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The state delivery holds for each campaign: sending, paused or cancelled (dispatch sends only the first). */
@ApplicationScoped
public class DeliveryCampaignRepository {

    // a state change may overtake the first audience batch: it creates the row, the batch fills it in
    private static final String SET_STATUS = """
            INSERT INTO delivery_campaigns (campaign_id, launched_at, status) VALUES ($1, $2, $3)
            ON CONFLICT (campaign_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now(),
                progress_seq = delivery_campaigns.progress_seq + 1
            WHERE delivery_campaigns.status <> 'cancelled'
            """;

    public Uni<Integer> setStatus(Tx tx, UUID campaignId, OffsetDateTime launchedAt, String status) {
        return tx.execute(SET_STATUS, campaignId, launchedAt, status);
    }
}
