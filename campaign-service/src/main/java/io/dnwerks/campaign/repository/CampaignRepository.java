package io.dnwerks.campaign.repository;

import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.campaign.domain.CampaignStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, UUID> {

    public Uni<Campaign> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Scheduled campaigns whose time has come, locked; rows another replica already holds are
     * skipped, so each due campaign is launched by exactly one of them.
     */
    public Uni<List<Campaign>> lockDue(int limit) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "SELECT id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= now()"
                                + " ORDER BY scheduled_at LIMIT :limit FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("limit", limit)
                .getResultList())
                // the rows are ours now; load them as entities (jsonb columns need the mapping's read casts)
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Campaign>of()) : list("id in ?1", ids));
    }

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
