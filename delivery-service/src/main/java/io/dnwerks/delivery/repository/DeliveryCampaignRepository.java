package io.dnwerks.delivery.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The state delivery holds for each campaign: sending, paused or cancelled (dispatch sends only the first). */
@ApplicationScoped
public class DeliveryCampaignRepository {

    // a state change may overtake the first audience batch: it creates the row, the batch fills it in
    private static final String SET_STATUS = """
            INSERT INTO delivery_campaigns (campaign_id, launched_at, status) VALUES (:id, :launchedAt, :status)
            ON CONFLICT (campaign_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now(),
                progress_seq = delivery_campaigns.progress_seq + 1
            WHERE delivery_campaigns.status <> 'cancelled'
            """;

    public Uni<Integer> setStatus(UUID campaignId, OffsetDateTime launchedAt, String status) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(SET_STATUS)
                .setParameter("id", campaignId)
                .setParameter("launchedAt", launchedAt)
                .setParameter("status", status)
                .executeUpdate());
    }
}
