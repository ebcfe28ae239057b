package io.dnwerks.localstack;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Quiet hours follow the recipient's clock, so a harness that sends to German numbers at 03:00 UTC
 * would see every message wait for 08:00 in Berlin. Stacks that measure or prove something else (the
 * fault harness, the benchmark, the end-to-end suite, dispatch tests) shift delivery-service's
 * quiet-hours clock with this offset instead, putting it at 11:00 UTC today (noon in Berlin): their
 * numbers are inside their window for hours, whenever they run. Quiet hours themselves are proven by
 * tests that set the clock to chosen times.
 */
public final class DemoClock {

    /** The variable that shifts delivery-service's quiet-hours clock. */
    public static final String OFFSET_VARIABLE = "DNWERKS_QUIET_HOURS_CLOCK_OFFSET";

    private DemoClock() {
    }

    /** The offset from now to 11:00 UTC today, as an ISO-8601 duration. */
    public static String middayInEurope() {
        Instant now = Instant.now();
        return Duration.between(now, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(11))).toString();
    }
}
