package io.dnwerks.customer.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.util.Optional;

/** Customers, under {@code dnwerks.customers}. */
@ConfigMapping(prefix = "dnwerks.customers")
public interface CustomersConfig {

    /**
     * Where a national phone number is read from when a request or an import row names no region
     * (ISO 3166, e.g. {@code DE}). None by default: a number without its country code is then refused,
     * rather than guessed.
     */
    Optional<@Pattern(regexp = "^[A-Z]{2}$", message = "must be a two-letter region in capitals, such as DE") String> defaultRegion();

    /** Rows an export reads and writes at a time: its memory is one page's, whatever the number of customers. */
    @WithDefault("2000")
    @Min(1)
    @Max(50_000)
    int exportPageSize();

    /**
     * The key erased customers' phone numbers are hashed with (HMAC-SHA256), at least 32 characters:
     * the hash is all that is left of the number, by which an opt-out can still be proven. Required
     * outside dev and tests (no default: a start without it fails); {@code ./dnwerks up} derives one
     * per stack. Kept apart from the database, it keeps the hashes from being reversed by trying every
     * number. Changing it makes the old hashes unmatchable.
     */
    @jakarta.validation.constraints.Size(min = 32, message = "must be at least 32 characters")
    String erasurePhoneHashKey();
}
