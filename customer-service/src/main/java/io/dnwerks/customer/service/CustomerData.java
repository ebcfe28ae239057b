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
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CustomerData(
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @NotBlank @Pattern(regexp = Patterns.E164, message = Patterns.E164_MESSAGE) String phone,
        @Size(max = 255) @Pattern(regexp = Patterns.EMAIL, message = Patterns.EMAIL_MESSAGE) String email,
        @Past LocalDate dateOfBirth,
        @Timezone @Size(max = 50) String timezone,
        @Size(max = 10) @Pattern(regexp = "^[a-z]{2,3}(-[A-Za-z]{2,4})?$", message = "must be a language tag such as en or pt-BR") String preferredLanguage,
        Boolean smsConsent,
        Boolean emailConsent,
        Boolean doNotContact,
        @Size(max = 100) String source,
        @Size(max = 10000) String notes) {
}
