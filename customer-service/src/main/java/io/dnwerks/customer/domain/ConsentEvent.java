package io.dnwerks.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.dnwerks.common.persistence.JsonColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

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

    /** The SMS (delivery-service's inbound message id) that asked for this change, when a keyword did. */
    @Column(name = "inbound_message_id")
    public UUID inboundMessageId;

    /** What proves it: a form's URL, the requester's IP, the text they were shown. */
    @Convert(converter = ConsentProofColumn.class)
    @ColumnTransformer(read = "proof::text", write = JsonColumn.WRITE)
    @Column(columnDefinition = "jsonb")
    public ConsentProof proof;
}
