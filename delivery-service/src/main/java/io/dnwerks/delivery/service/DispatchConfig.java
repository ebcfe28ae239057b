package io.dnwerks.delivery.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** How delivery-service sends, under {@code dnwerks.dispatch} (environment: {@code DNWERKS_DISPATCH_...}). */
@ConfigMapping(prefix = "dnwerks.dispatch")
public interface DispatchConfig {

    /** Off in tests that look at messages before anything is sent. */
    @WithDefault("true")
    boolean enabled();

    /** Messages claimed per round. */
    @WithDefault("500")
    @Min(1)
    @Max(10_000)
    int batchSize();

    /** Gateway requests one round has in flight at once. */
    @WithDefault("64")
    @Min(1)
    @Max(1024)
    int concurrency();

    /** Rounds that run at once: while one waits for the gateway, another records and claims. */
    @WithDefault("2")
    @Min(1)
    @Max(64)
    int workers();

    /**
     * How long a claimed message is held for its round. A dispatcher that dies leaves its messages to
     * the next after this; a round hands nothing to the gateway later than one gateway timeout (and a
     * tenth of the lease) before its lease ends, and the lease must be at least twice the timeout.
     */
    @WithDefault("PT60S")
    Duration lease();

    /** What one of a campaign's retryDelayMinutes is (tests shrink it to seconds). */
    @WithDefault("PT1M")
    Duration retryDelayUnit();

    /** The pause after a round that found nothing to send. */
    @WithDefault("PT0.2S")
    Duration idlePoll();

    /**
     * Whose a sender's segments-per-second is: the whole deployment's ({@code deployment}: every replica
     * books its requests on one schedule per sender in PostgreSQL), or each replica's own
     * ({@code replica}: an in-process token bucket, no database round trip per request).
     */
    @WithDefault("deployment")
    RateScope rateScope();

    enum RateScope { DEPLOYMENT, REPLICA }

    /** How far ahead of now a sender's shared schedule may be booked; a request that finds it fuller waits, unbooked. */
    @WithDefault("PT1S")
    Duration paceAhead();

    /**
     * How long a sender its gateway throttled (HTTP 429, SMPP ESME_RTHROTTLED or ESME_RMSGQFUL) takes to
     * grow back from half its rate to the whole, without a further throttle (see SenderThrottle).
     */
    @WithDefault("PT10S")
    Duration throttleRecovery();

    /** The sender (dnwerks.senders.<id>) of a campaign that names none, and of keyword replies whose gateway is gone. */
    @WithDefault("default")
    String defaultSender();

    /** Send a campaign only once all its audience batches are in (fan-out then has the database to itself). */
    @WithDefault("true")
    boolean waitForAudience();

    /** ... or once no batch has come for this long, so that a lost batch cannot hold the rest for good. */
    @WithDefault("PT30S")
    Duration audienceQuietPeriod();

    /**
     * The pause after a gateway request that failed as a whole (unreachable, timed out, 429 or 5xx for
     * the request); it doubles with each such failure in a row, and is never shorter than the
     * gateway's Retry-After. No message loses a retry to such a failure.
     */
    @WithDefault("PT1S")
    Duration gatewayBackoff();

    /** The longest of those pauses: how soon after a gateway outage ends sending resumes, at worst. */
    @WithDefault("PT30S")
    Duration gatewayBackoffMax();

    /**
     * How long a round waits for the database to take what the gateway answered. A round that gives up
     * leaves its messages pending: those of a campaign still sending go out again under the same
     * idempotency key once their lease runs out; those of a cancelled one stay pending though texted.
     */
    @WithDefault("PT10M")
    Duration recordPatience();
}
