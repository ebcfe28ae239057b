package io.dnwerks.customer.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dnwerks.common.validation.Patterns;
import io.dnwerks.common.validation.Timezone;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/**
 * What a caller says about a customer, on create and (merged over the current state) on PATCH.
 * Absent consent flags take the seed's defaults: SMS consent yes, email no, do-not-contact no.
 * The phone number is read through libphonenumber: international, or national in {@code region}
 * (else the configured {@code dnwerks.customers.default-region}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@ValidPhone
public record CustomerData(
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        /** international (+49 151 …) or, with a region, national (0151 …); stored as E.164 */
        @NotBlank @Size(max = 40) String phone,
        @Size(max = 255) @Pattern(regexp = Patterns.EMAIL, message = Patterns.EMAIL_MESSAGE) String email,
        @Past LocalDate dateOfBirth,
        @Timezone @Size(max = 50) String timezone,
        @Size(max = 10) @Pattern(regexp = "^[a-z]{2,3}(-[A-Za-z]{2,4})?$", message = "must be a language tag such as en or pt-BR") String preferredLanguage,
        Boolean smsConsent,
        Boolean emailConsent,
        Boolean doNotContact,
        @Size(max = 100) String source,
        @Size(max = 10000) String notes,
        /** where a national phone number is dialled from (ISO 3166, e.g. DE); not stored */
        @Pattern(regexp = "^[A-Za-z]{2}$", message = "must be a two-letter region such as DE") String region) {
}
