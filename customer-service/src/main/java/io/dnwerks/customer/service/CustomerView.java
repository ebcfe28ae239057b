package io.dnwerks.customer.service;

import io.dnwerks.common.security.PersonalData;
import io.dnwerks.customer.domain.Customer;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A customer as the API shows it. */
public record CustomerView(
        UUID id,
        String firstName,
        String lastName,
        String phone,
        /** the country of the phone number (ISO 3166), e.g. DE */
        String country,
        String email,
        LocalDate dateOfBirth,
        String timezone,
        String preferredLanguage,
        boolean smsConsent,
        boolean emailConsent,
        OffsetDateTime consentGivenAt,
        boolean doNotContact,
        String source,
        String notes,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime deletedAt) {

    public static CustomerView of(Customer c) {
        return new CustomerView(c.id, c.firstName, c.lastName, c.phone, c.country, c.email, c.dateOfBirth, c.timezone,
                c.preferredLanguage, c.smsConsent, c.emailConsent, c.consentGivenAt, c.doNotContact, c.source,
                c.notes, c.createdAt, c.updatedAt, c.deletedAt);
    }

    /** As a viewer sees the customer: phone and e-mail masked, no date of birth, no notes. */
    public CustomerView masked() {
        return new CustomerView(id, firstName, lastName, PersonalData.phone(phone), country, PersonalData.email(email), null, timezone,
                preferredLanguage, smsConsent, emailConsent, consentGivenAt, doNotContact, source, null, createdAt, updatedAt,
                deletedAt);
    }

    /** The editable part, as a PATCH starts from it. */
    public CustomerData toData() {
        return new CustomerData(firstName, lastName, phone, email, dateOfBirth, timezone, preferredLanguage,
                smsConsent, emailConsent, doNotContact, source, notes, null);
    }
}
