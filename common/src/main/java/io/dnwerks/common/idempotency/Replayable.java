package io.dnwerks.common.idempotency;

/** A result, and whether it is the stored answer to an earlier request with the same Idempotency-Key. */
public record Replayable<T>(T value, boolean replayed) {

    /** The response header that tells a client it got the first answer again. */
    public static final String HEADER = "Idempotent-Replayed";

    public static <T> Replayable<T> fresh(T value) {
        return new Replayable<>(value, false);
    }
}
