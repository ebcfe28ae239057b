package io.dnwerks.delivery.domain;

import java.time.Duration;

/**
 * Stops sending while a gateway is down or has asked us to wait. Each request that fails as a whole
 * (unreachable, timed out, 429 or 5xx for the request) opens it for a backoff that doubles with each
 * failure in a row, from {@code base} up to {@code max}, and never for less than the gateway's
 * Retry-After; a per-message answer closes the count again but not a wait the gateway asked for.
 * Without it every round would hand the next chunk to a gateway that just said no, spending rate
 * and, on a gateway with per-message retry budgets, the messages' retries. Times are
 * {@link System#nanoTime()} values so that the logic is tested without a clock.
 */
public final class GatewayBreaker {

    private final long baseNanos;
    private final long maxNanos;
    private int failuresInARow;
    private long openUntil;
    private boolean open;

    public GatewayBreaker(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("the breaker's base must be positive and at most its max: " + base + ", " + max);
        }
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    /**
     * A request failed as a whole.
     *
     * @return true when this failure opened the breaker (it was closed), for the log
     */
    public synchronized boolean failed(Duration retryAfter, long now) {
        failuresInARow++;
        long backoff = Math.min(maxNanos, baseNanos << Math.min(failuresInARow - 1, 30));
        long wait = Math.max(backoff, retryAfter.toNanos());
        openUntil = Math.max(openUntil, now + wait);
        boolean opened = !open;
        open = true;
        return opened;
    }

    /**
     * The gateway answered per message.
     *
     * @return the failed requests in a row this ends, 0 if there were none (for the log)
     */
    public synchronized int answered() {
        int ended = failuresInARow;
        failuresInARow = 0;
        open = false;
        return ended;
    }

    /** How long sending must still wait, zero when it may go on. */
    public synchronized Duration waitLeft(long now) {
        return now - openUntil >= 0 ? Duration.ZERO : Duration.ofNanos(openUntil - now);
    }

    public synchronized int failuresInARow() {
        return failuresInARow;
    }
}
