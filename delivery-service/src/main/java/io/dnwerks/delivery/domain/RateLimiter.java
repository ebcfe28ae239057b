package io.dnwerks.delivery.domain;

/**
 * A token bucket counted in SMS segments: {@code perSecond} tokens a second, up to one second's
 * worth banked. Zero or less means no limit. The limit is this replica's; with several replicas,
 * give each its share.
 */
public final class RateLimiter {

    private final double perSecond;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = System.nanoTime();
    }

    public boolean unlimited() {
        return perSecond <= 0;
    }

    /** Takes {@code segments} tokens (more than a request's segments while its sender is slowed), going into debt if need be; returns how long to wait before sending. */
    public synchronized long reserveMillis(double segments) {
        if (unlimited()) {
            return 0;
        }
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        tokens -= segments;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perSecond * 1000);
    }
}
