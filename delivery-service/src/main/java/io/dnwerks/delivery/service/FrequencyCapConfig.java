package io.dnwerks.delivery.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * At most {@link #limit()} marketing messages per number per rolling {@link #window()}, across
 * campaigns and replicas, under {@code dnwerks.frequency-cap} (environment:
 * {@code DNWERKS_FREQUENCY_CAP_...}). The default, 3 in 24 hours, is what Florida (Fla. Stat.
 * 501.059) and Maryland (Com. Law 14-4502) allow on one subject; keyword replies do not count.
 */
@ConfigMapping(prefix = "dnwerks.frequency-cap")
public interface FrequencyCapConfig {

    /** Messages per number per window; 0 turns the cap off. */
    @WithDefault("3")
    @Min(0)
    @Max(1000)
    int limit();

    /** The rolling window the cap counts over. */
    @WithDefault("PT24H")
    Duration window();
}
