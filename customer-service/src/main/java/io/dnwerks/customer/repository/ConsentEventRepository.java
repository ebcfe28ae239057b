package io.dnwerks.customer.repository;

import io.dnwerks.customer.domain.ConsentEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class ConsentEventRepository implements PanacheRepositoryBase<ConsentEvent, UUID> {
}
