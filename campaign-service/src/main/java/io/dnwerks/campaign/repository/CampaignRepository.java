package io.dnwerks.campaign.repository;

import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.campaign.domain.CampaignStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, UUID> {

    /** Newest first: ids are time-ordered, so descending id is descending creation. */
    public Uni<List<Campaign>> page(UUID before, int limit, CampaignStatus status) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (before != null) {
            query.append(" and id < :before");
            params.and("before", before);
        }
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        query.append(" order by id desc");
        return find(query.toString(), params).page(0, limit).list();
    }
}
