package io.dnwerks.delivery.provider;

import java.time.Duration;

/** What a gateway made of a message: taken (with its id), not now (retry), or never. */
public sealed interface SendOutcome {

    record Accepted(String externalId) implements SendOutcome {
    }

    /** Worth trying again; {@code retryAfter} is the gateway's own hint, or zero. */
    record Transient(String reason, Duration retryAfter) implements SendOutcome {
    }

    record Permanent(String reason) implements SendOutcome {
    }
}
