package io.dnwerks.simulator;

import java.util.List;

/**
 * How the simulated gateway behaves. Shares are probabilities (0..1) drawn per attempt from a seeded
 * random source; the suffix rules make chosen phone numbers behave the same way every time, which is
 * what tests that check each message's final status need. {@code receiptBatchSize} above 1 sends receipts
 * that fall due together to the same webhook as one {@code {"receipts":[...]}} request, as bulk gateways do.
 * {@code ignoreIdempotency} makes it a gateway without idempotency keys, as many real ones are: every
 * attempt that passes is a new SMS with a new external id, so a message handed over twice is texted twice.
 */
public record SimulatorConfig(
        long latencyMs,
        double transientShare,
        double rateLimitedShare,
        double permanentShare,
        double undeliveredShare,
        long receiptDelayMs,
        List<String> rejectSuffixes,
        List<String> flakySuffixes,
        int flakyTimes,
        List<String> undeliverableSuffixes,
        long seed,
        int receiptBatchSize,
        boolean ignoreIdempotency) {

    /** A gateway that honours the message id as idempotency key. */
    public SimulatorConfig(long latencyMs, double transientShare, double rateLimitedShare, double permanentShare,
                           double undeliveredShare, long receiptDelayMs, List<String> rejectSuffixes, List<String> flakySuffixes,
                           int flakyTimes, List<String> undeliverableSuffixes, long seed, int receiptBatchSize) {
        this(latencyMs, transientShare, rateLimitedShare, permanentShare, undeliveredShare, receiptDelayMs, rejectSuffixes,
                flakySuffixes, flakyTimes, undeliverableSuffixes, seed, receiptBatchSize, false);
    }

    /** Receipts one per request, as most gateways send them. */
    public SimulatorConfig(long latencyMs, double transientShare, double rateLimitedShare, double permanentShare,
                           double undeliveredShare, long receiptDelayMs, List<String> rejectSuffixes, List<String> flakySuffixes,
                           int flakyTimes, List<String> undeliverableSuffixes, long seed) {
        this(latencyMs, transientShare, rateLimitedShare, permanentShare, undeliveredShare, receiptDelayMs, rejectSuffixes,
                flakySuffixes, flakyTimes, undeliverableSuffixes, seed, 1, false);
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, 0, 0, 0, 0, 200, List.of(), List.of(), 0, List.of(), 42);
    }

    boolean endsWithAny(String phone, List<String> suffixes) {
        return suffixes != null && suffixes.stream().anyMatch(phone::endsWith);
    }
}
