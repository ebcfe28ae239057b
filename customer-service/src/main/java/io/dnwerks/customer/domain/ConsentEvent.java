package io.dnwerks.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One line of the consent ledger: a consent granted or withdrawn, by whom, through what. */
@Entity
@Table(name = "consent_events")
public class ConsentEvent extends PanacheEntityBase {

    public static final String SMS = "sms";
    public static final String EMAIL = "email";
    public static final String DO_NOT_CONTACT = "do_not_contact";

    @Id
    public UUID id;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(nullable = false, length = 20)
    public String channel;

    @Column(nullable = false)
    public boolean granted;

    @Column(nullable = false, length = 50)
    public String source;

    @Column(name = "changed_by", nullable = false)
    public UUID changedBy;

    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt;
}
