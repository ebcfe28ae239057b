package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * An SMS gateway. Implementations never fail the Uni for a gateway's answer: every answer, timeouts
 * and connection errors included, becomes a {@link SendOutcome}.
 */
public interface SmsGateway {

    String name();

    Uni<SendOutcome> send(OutgoingSms sms);

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
