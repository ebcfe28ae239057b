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
}
