package io.dnwerks.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "customer_tags")
@IdClass(CustomerTag.Key.class)
public class CustomerTag extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Id
    @Column(name = "tag_id")
    public UUID tagId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    public static class Key implements Serializable {
        public UUID customerId;
        public UUID tagId;

        public Key() {
        }

        public Key(UUID customerId, UUID tagId) {
            this.customerId = customerId;
            this.tagId = tagId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(customerId, k.customerId) && Objects.equals(tagId, k.tagId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(customerId, tagId);
        }
    }
}
