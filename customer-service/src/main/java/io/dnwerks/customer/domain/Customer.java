package io.dnwerks.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A person the platform may text, with their consent. Soft-deleted: {@code deletedAt} set, row kept. */
@Entity
@Table(name = "customers")
public class Customer extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "first_name", length = 100)
    public String firstName;

    @Column(name = "last_name", length = 100)
    public String lastName;

    /** E.164; null once the customer is erased */
    @Column(length = 20)
    public String phone;

    /** when the customer was erased (GDPR Art. 17); their row then holds no personal data */
    @Column(name = "erased_at")
    public java.time.OffsetDateTime erasedAt;

    /** the keyed hash of the number an erased customer had */
    @Column(name = "phone_hash", length = 64)
    public String phoneHash;

    /** the phone number's country (ISO 3166 alpha-2), from libphonenumber */
    @Column(length = 2)
    public String country;

    @Column(length = 255)
    public String email;

    @Column(name = "date_of_birth")
    public LocalDate dateOfBirth;

    @Column(nullable = false, length = 50)
    public String timezone;

    @Column(name = "preferred_language", nullable = false, length = 10)
    public String preferredLanguage;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "sms_consent", nullable = false)
    public boolean smsConsent;

    @Column(name = "email_consent", nullable = false)
    public boolean emailConsent;

    @Column(name = "consent_given_at")
    public OffsetDateTime consentGivenAt;

    /** Through what the SMS consent in force was given ({@code api}, {@code sms-keyword}, a form...). */
    @Column(name = "consent_source", length = 50)
    public String consentSource;

    @Column(name = "do_not_contact", nullable = false)
    public boolean doNotContact;

    @Column(length = 100)
    public String source;

    @Column(columnDefinition = "text")
    public String notes;

    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** May this customer be sent an SMS at all? */
    public boolean isTextable() {
        return smsConsent && !doNotContact && !isDeleted();
    }
}
