package io.dnwerks.delivery;

import java.util.HashMap;
import java.util.Map;

/** {@link TwilioTestResource} with the default sender held to 20 segments a second on the shared schedule, two dispatch workers. */
public class PacedTwilioTestResource extends TwilioTestResource {

    static final int RATE = 20;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("dnwerks.senders.default.segments-per-second", String.valueOf(RATE));
        config.put("dnwerks.dispatch.workers", "2");
        return config;
    }
}
