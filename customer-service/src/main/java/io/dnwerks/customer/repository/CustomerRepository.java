package io.dnwerks.customer.repository;

import io.dnwerks.customer.domain.Customer;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<Customer, UUID> {

    public Uni<Customer> findLive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResult();
    }

    /** The live customer with this phone, locked: an SMS keyword is applied to whoever has the number now. */
    public Uni<Customer> findLiveByPhoneForUpdate(String phone) {
        return find("phone = ?1 and deletedAt is null", phone).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Customer> findLiveForUpdate(UUID id) {
        return find("id = ?1 and deletedAt is null", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
