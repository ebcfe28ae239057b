package io.dnwerks.customer.service;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A tag renamed, recoloured or described anew: what is absent stays; an empty description removes it. */
public record TagChange(
        @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Pattern(regexp = "^#[0-9A-Fa-f]{6}$", message = "must be a hex colour such as #007bff") String color,
        @Size(max = 10000) String description) {
}
