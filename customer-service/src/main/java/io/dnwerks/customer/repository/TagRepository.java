package io.dnwerks.customer.repository;

import io.dnwerks.customer.domain.Tag;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TagRepository implements PanacheRepositoryBase<Tag, UUID> {

    public Uni<List<Tag>> page(String after, int limit) {
        return after == null
                ? find("order by name").page(0, limit).list()
                : find("name > ?1 order by name", after).page(0, limit).list();
    }
}
