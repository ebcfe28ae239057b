package io.dnwerks.customer.repository;

import io.dnwerks.customer.domain.Customer;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
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

    /**
     * One page in id order (ids are time-ordered, so this is creation order) after {@code after},
     * optionally narrowed to an exact phone or email.
     */
    public Uni<List<Customer>> page(UUID after, int limit, String phone, String email) {
        StringBuilder query = new StringBuilder("deletedAt is null");
        Parameters params = new Parameters();
        if (after != null) {
            query.append(" and id > :after");
            params.and("after", after);
        }
        if (phone != null) {
            query.append(" and phone = :phone");
            params.and("phone", phone);
        }
        if (email != null) {
            query.append(" and email = :email");
            params.and("email", email);
        }
        query.append(" order by id");
        return find(query.toString(), params).page(0, limit).list();
    }
}
