package io.dnwerks.delivery.domain;

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

/**
 * One SMS to one customer for one campaign. Its primary key includes created_at, the partition key,
 * which is the campaign's launch time for every message of that campaign.
 */
@Entity
@Table(name = "campaign_messages")
@IdClass(CampaignMessage.Key.class)
public class CampaignMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Id
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "campaign_id", nullable = false)
    public UUID campaignId;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "phone_number", nullable = false, length = 20)
    public String phoneNumber;

    @Column(name = "message_content", nullable = false, columnDefinition = "text")
    public String messageContent;

    @Column(nullable = false, length = 50)
    public MessageStatus status;

    @Column(name = "error_message", columnDefinition = "text")
    public String errorMessage;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(name = "retry_count", nullable = false)
    public int retryCount;

    @Column(name = "next_retry_at")
    public OffsetDateTime nextRetryAt;

    /** The recipient's zone as the customer set it (quiet hours); null or UTC when they never did. */
    @Column(length = 50)
    public String timezone;

    /** The consent this message was sent under: when it was given, and through what. */
    @Column(name = "consent_given_at")
    public OffsetDateTime consentGivenAt;

    @Column(name = "consent_source", length = 50)
    public String consentSource;

    /** Why a pending message waits (quiet-hours, frequency-cap), when it does. */
    @Column(name = "waiting_for", length = 20)
    public String waitingFor;

    /** When it was last handed to its gateway (committed before the request); null once the gateway said it did not take it. */
    @Column(name = "handed_over_at")
    public OffsetDateTime handedOverAt;

    /** Sent, but whether the gateway took it is not known: its answer was lost (a crash) or never came (a time-out). */
    @Column(name = "outcome_unknown", nullable = false)
    public boolean outcomeUnknown;

    public static class Key implements Serializable {
        public UUID id;
        public OffsetDateTime createdAt;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(id, k.id) && Objects.equals(createdAt, k.createdAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, createdAt);
        }
    }

    private static final int MAX_ERROR_MESSAGE = 500;

    /** A gateway's error text as a message keeps it: short, so that the events and audit records carrying it stay small. */
    public static String shortenedError(String raw) {
        return raw == null || raw.length() <= MAX_ERROR_MESSAGE ? raw : raw.substring(0, MAX_ERROR_MESSAGE);
    }
}
