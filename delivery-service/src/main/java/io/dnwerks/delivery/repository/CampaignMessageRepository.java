package io.dnwerks.delivery.repository;

import io.dnwerks.delivery.domain.CampaignMessage;
import io.dnwerks.delivery.domain.MessageStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CampaignMessageRepository implements PanacheRepositoryBase<CampaignMessage, CampaignMessage.Key> {

    public Uni<CampaignMessage> findInCampaign(UUID campaignId, UUID id) {
        return find("campaignId = ?1 and id = ?2", campaignId, id).firstResult();
    }

    /** A campaign's messages in id order after {@code after}, optionally of one status. */
    public Uni<List<CampaignMessage>> page(UUID campaignId, MessageStatus status, UUID after, int limit) {
        StringBuilder query = new StringBuilder("campaignId = :campaignId");
        Parameters params = Parameters.with("campaignId", campaignId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (after != null) {
            query.append(" and id > :after");
            params.and("after", after);
        }
        query.append(" order by id");
        return find(query.toString(), params).page(0, limit).list();
    }
}
