package io.dnwerks.campaign.repository;

import io.dnwerks.campaign.domain.MessageTemplate;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageTemplateRepository implements PanacheRepositoryBase<MessageTemplate, UUID> {

    public Uni<List<MessageTemplate>> page(UUID after, int limit, String category) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (after != null) {
            query.append(" and id > :after");
            params.and("after", after);
        }
        if (category != null) {
            query.append(" and category = :category");
            params.and("category", category);
        }
        return find(query.append(" order by id").toString(), params).page(0, limit).list();
    }
}
