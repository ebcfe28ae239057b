package io.dnwerks.delivery;

import java.util.HashMap;
import java.util.Map;

/** {@link TwilioTestResource} with the default sender held to 20 segments a second on the shared schedule, two dispatch workers, a short recovery after a throttle. */
public class PacedTwilioTestResource extends TwilioTestResource {

    static final int RATE = 20;
    /** From half the rate back to the whole after a throttle (the default, 10 s, would make the test long). */
    static final java.time.Duration RECOVERY = java.time.Duration.ofSeconds(4);

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("dnwerks.senders.default.segments-per-second", String.valueOf(RATE));
        config.put("dnwerks.dispatch.workers", "2");
        config.put("dnwerks.dispatch.throttle-recovery", RECOVERY.toString());
        return config;
    }
}
