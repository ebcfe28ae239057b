package io.dnwerks.customer.repository;

import io.dnwerks.customer.domain.CustomerTag;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CustomerTagRepository implements PanacheRepositoryBase<CustomerTag, CustomerTag.Key> {

    public Uni<List<UUID>> tagIdsOf(UUID customerId) {
        return find("customerId = ?1 order by tagId", customerId).project(TagIdOnly.class).list()
                .map(rows -> rows.stream().map(TagIdOnly::tagId).toList());
    }

    public record TagIdOnly(UUID tagId) {
    }
}
