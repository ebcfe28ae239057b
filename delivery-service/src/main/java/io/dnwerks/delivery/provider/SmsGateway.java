package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;

/**
 * An SMS gateway. Implementations never fail the Uni for a gateway's answer: every answer, timeouts
 * and connection errors included, becomes a {@link SendOutcome}.
 */
public interface SmsGateway {

    String name();

    Uni<SendOutcome> send(OutgoingSms sms);

    /**
     * The longest a send or sendAll takes to come back, answer or not: dispatch hands nothing over later
     * than this before a round's lease ends, so that no answer can arrive after another round took over.
     */
    Duration timeout();

    /** How many messages one {@link #sendAll} call may carry; 1 for a gateway without a bulk API. */
    default int maxBatch() {
        return 1;
    }

    /**
     * Several messages in one go, answered in the same order. A gateway with a bulk API sends them in
     * one request; the default sends each on its own, all at once (the caller keeps batches small).
     */
    default Uni<List<SendOutcome>> sendAll(List<OutgoingSms> batch) {
        return Uni.join().all(batch.stream().map(this::send).toList()).andCollectFailures();
    }
}
