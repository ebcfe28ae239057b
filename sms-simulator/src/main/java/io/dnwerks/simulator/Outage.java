package io.dnwerks.simulator;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway-wide fault, switched on and off at run time ({@code PUT /outage}, {@code DELETE /outage}) so
 * that a fault harness can make the gateway misbehave for a while and then recover, as a real one does
 * during an incident. It hits whole requests, before any message is looked at, which is how such
 * incidents look from the sender's side:
 * <ul>
 *   <li>{@code unavailable}: 503 for every request;</li>
 *   <li>{@code throttled}: 429 with {@code Retry-After: retryAfterSeconds}; a message asked again before
 *   that time is counted in the ledger's {@code earlyRetries};</li>
 *   <li>{@code timeout}: the request is held for {@code holdMs} (longer than a sender waits) and then
 *   processed as usual, so the sender cannot know whether it was sent: only the idempotency key keeps a
 *   retry from texting twice;</li>
 *   <li>{@code mixed}: the three above in turn, request by request.</li>
 * </ul>
 */
public final class Outage {

    public enum Mode { NONE, UNAVAILABLE, THROTTLED, TIMEOUT, MIXED }

    /** What one request meets. */
    public enum Fault { NONE, UNAVAILABLE, THROTTLED, TIMEOUT }

    public record Settings(@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) Mode mode, int retryAfterSeconds,
                           long holdMs) {
        public static final Settings OFF = new Settings(Mode.NONE, 0, 0);

        public Settings {
            if (mode == null) {
                mode = Mode.NONE;
            }
            if (retryAfterSeconds < 0 || holdMs < 0) {
                throw new IllegalArgumentException("retryAfterSeconds and holdMs must not be negative");
            }
            if (mode == Mode.THROTTLED || mode == Mode.MIXED) {
                retryAfterSeconds = Math.max(1, retryAfterSeconds);
            }
        }
    }

    private volatile Settings settings = Settings.OFF;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong faulted = new AtomicLong();

    public Settings settings() {
        return settings;
    }

    public void set(Settings s) {
        settings = s;
    }

    /** Requests that met a fault so far. */
    public long faulted() {
        return faulted.get();
    }

    /** The fault the next request meets. */
    public Fault next() {
        Settings s = settings;
        if (s.mode() != Mode.NONE) {
            faulted.incrementAndGet();
        }
        return switch (s.mode()) {
            case NONE -> Fault.NONE;
            case UNAVAILABLE -> Fault.UNAVAILABLE;
            case THROTTLED -> Fault.THROTTLED;
            case TIMEOUT -> Fault.TIMEOUT;
            case MIXED -> switch ((int) (requests.getAndIncrement() % 3)) {
                case 0 -> Fault.THROTTLED;
                case 1 -> Fault.UNAVAILABLE;
                default -> Fault.TIMEOUT;
            };
        };
    }
}
