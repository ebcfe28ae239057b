package io.dnwerks.customer.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** Segment upkeep, under {@code dnwerks.segments}. */
@ConfigMapping(prefix = "dnwerks.segments")
public interface SegmentsConfig {

    Maintenance maintenance();

    /**
     * How old the members of a segment relative to time (within N days, birthdays, age) may get
     * before it is refreshed in full; birthdays move a day at a time, "created within the last N days"
     * continuously, so an hour keeps both close.
     */
    @WithDefault("PT1H")
    Duration timeRelativeRefresh();

    /** How often the materialised view customer_segment_stats is refreshed (concurrently: readers are not blocked). */
    @WithDefault("PT5M")
    Duration statsRefresh();

    interface Maintenance {

        /** Off only in tests that look at the queue as the triggers leave it. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the upkeep waits after a round that emptied the queue: a changed customer joins or
         * leaves their segments within about this long (and a round's time) of their change.
         */
        @WithDefault("PT0.2S")
        Duration pollInterval();

        /**
         * Customers re-evaluated per round, one statement per 50 segments; a SegmentChanged lists
         * each round's joiners and leavers, so this also bounds an event's size.
         */
        @WithDefault("1000")
        @Min(1)
        @Max(10_000)
        int batchSize();
    }
}
