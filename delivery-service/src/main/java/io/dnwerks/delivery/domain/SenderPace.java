package io.dnwerks.delivery.domain;

/**
 * How a sender's rate is held for the whole deployment: every replica books each request's segments
 * on one schedule per sender kept in PostgreSQL (its clock is the one every replica shares), as a
 * virtual-scheduling GCRA: a booking of k segments takes the next k / pace seconds of the schedule and
 * the request goes at the end of them. Requests so spaced can still put one request's segments too
 * many into a one-second window (the request whose booking began before the window), and a request
 * goes up to {@link #JITTER_SECONDS} after its booked time (timers, the event loop, the network; one
 * later than that books again), so a window can take in that much more of the schedule. Requests
 * therefore carry at most {@link #chunkSegments} segments and the pace is {@code (rate - chunk) /
 * (1 + jitter)}: no one-second window at the gateway holds more than the rate (unless a single message
 * has more segments than a chunk), and the sender runs at {@code pace / rate} of it (89.6% at 20
 * segments a second, 92% at 50, 100 and 500). The jitter allowed, 60 ms, is what two replicas and
 * the gateway on one loaded two-core machine needed: up to 25 ms late at the last check (later books
 * again) and 40 ms seen from there to the gateway's stamp. At 50 ms the busiest second came to the
 * rate exactly in three runs and to 103 of 100 in a fourth. Chunks of 2.5% of the rate: smaller ones (1%) cost more in
 * requests and their checks than they saved, and the pair fell short of its pace.
 */
public record SenderPace(double rate, int chunkSegments, double pace) {

    /** How late after its booked time a request may reach the gateway and still be on schedule. */
    public static final double JITTER_SECONDS = 0.06;

    public static SenderPace of(double segmentsPerSecond) {
        if (segmentsPerSecond <= 0) {
            return new SenderPace(0, Integer.MAX_VALUE, 0);
        }
        int chunk = (int) Math.max(1, Math.floor(segmentsPerSecond * 0.025));
        double pace = Math.max((segmentsPerSecond - chunk) / (1 + JITTER_SECONDS), segmentsPerSecond / 2);
        return new SenderPace(segmentsPerSecond, chunk, pace);
    }

    public boolean unlimited() {
        return rate <= 0;
    }

    /** The share of the schedule, in seconds, a request of {@code segments} takes. */
    public double seconds(int segments) {
        return segments / pace;
    }
}
