package io.dnwerks.customer.repository;

import io.dnwerks.customer.domain.ConsentEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentEventRepository implements PanacheRepositoryBase<ConsentEvent, UUID> {

    /** A customer's ledger, oldest first (ids are time-ordered and break ties within a microsecond). */
    public Uni<List<ConsentEvent>> history(UUID customerId) {
        return list("customerId = ?1 order by occurredAt, id", customerId);
    }

    public Uni<Boolean> recordedFor(UUID inboundMessageId) {
        return count("inboundMessageId", inboundMessageId).map(n -> n > 0);
    }
}
