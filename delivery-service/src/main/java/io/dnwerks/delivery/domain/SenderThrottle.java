package io.dnwerks.delivery.domain;

import java.time.Duration;

/**
 * How much of its rate a sender uses after its gateway said it goes too fast (HTTP 429, SMPP
 * ESME_RTHROTTLED or ESME_RMSGQFUL): additive increase, multiplicative decrease, as TCP meets a
 * congested link. A throttle halves the share (never below {@link #FLOOR}); the answers to requests
 * already in flight tell of the same overload, so a further throttle during the pause the throttle
 * called for, or within {@link #HOLD} after it, changes nothing. Once sending resumes the share grows
 * back linearly, from half to the whole in {@code recovery}. Each replica keeps its own: on the shared schedule a throttled replica books
 * longer shares, so the deployment slows as its replicas are throttled, and recovers as they are not.
 */
public final class SenderThrottle {

    static final double DECREASE = 0.5;
    /** A twentieth of the rate: slow enough for any gateway's overload to pass, fast enough to notice that it has. */
    static final double FLOOR = 0.05;
    static final Duration HOLD = Duration.ofSeconds(1);

    private final double regainedPerNano;
    private boolean slowed;
    private double shareAtThrottle;
    /** when sending resumed after the last throttle's pause: the share grows back from then */
    private long resumedAt;

    public SenderThrottle(Duration recovery) {
        if (recovery.isNegative() || recovery.isZero()) {
            throw new IllegalArgumentException("the recovery after a throttle must be positive: " + recovery);
        }
        this.regainedPerNano = (1 - DECREASE) / recovery.toNanos();
    }

    /** The share of its rate the sender may use at {@code now} (System.nanoTime()), 1 when it was never throttled or has recovered. */
    public synchronized double share(long now) {
        if (!slowed) {
            return 1;
        }
        double share = shareAtThrottle + Math.max(0, now - resumedAt) * regainedPerNano;
        if (share >= 1) {
            slowed = false;
            return 1;
        }
        return share;
    }

    /**
     * The gateway throttled the sender at {@code now} and its sending pauses for {@code pause}: true when
     * that lowered the share (not one during the last throttle's pause or within the hold after it).
     */
    public synchronized boolean throttled(long now, Duration pause) {
        if (slowed && now - resumedAt < HOLD.toNanos()) {
            return false;
        }
        shareAtThrottle = Math.max(FLOOR, share(now) * DECREASE);
        resumedAt = now + Math.max(0, pause.toNanos());
        slowed = true;
        return true;
    }
}
