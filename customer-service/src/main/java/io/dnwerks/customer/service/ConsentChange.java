package io.dnwerks.customer.service;

import io.dnwerks.customer.domain.ConsentProof;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A consent change recorded through the API: the flags present are set (a flag given with its current
 * value is recorded too, as a re-confirmation, e.g. a double opt-in); {@code source} says through what
 * the person gave or withdrew it, and {@code proof} what shows it.
 */
public record ConsentChange(
        Boolean smsConsent,
        Boolean emailConsent,
        Boolean doNotContact,
        @NotBlank @Size(max = 50) @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "must be lower-case letters, digits, '.', '_' or '-'")
        String source,
        @Valid ConsentProof proof) {

    /** Sources the platform sets itself: delivery-service trusts them to tell an SMS keyword from a person's record. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("sms-keyword", "customer-record", "api");

    @com.fasterxml.jackson.annotation.JsonIgnore
    @jakarta.validation.constraints.AssertTrue(message = "sms-keyword, customer-record and api are set by the platform itself")
    @io.dnwerks.common.validation.ReportedAs("source")
    public boolean isSourceNotReserved() {
        return source == null || !RESERVED.contains(source);
    }
}
