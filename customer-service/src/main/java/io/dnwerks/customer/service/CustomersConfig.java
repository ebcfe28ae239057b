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
}
