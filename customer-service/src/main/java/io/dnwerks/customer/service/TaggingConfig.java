package io.dnwerks.customer.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Bulk tagging, under {@code dnwerks.tagging}. */
@ConfigMapping(prefix = "dnwerks.tagging")
public interface TaggingConfig {

    /**
     * Customers tagged per statement and transaction: each chunk commits with its events and its audit
     * record (a list of the ids, so 5,000 keep that record near 200 kB, well inside an event's limit).
     */
    @WithDefault("5000")
    @Min(1)
    @Max(20_000)
    int chunkSize();
}
