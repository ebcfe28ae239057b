package io.dnwerks.delivery.provider;

import java.time.Duration;

/**
 * What a gateway made of a message: taken (with its id), not now (retry), never, not looked at because
 * the gateway as a whole did not answer, or unknown because the answer never came.
 */
public sealed interface SendOutcome {

    /**
     * An HTTP request that failed without an answer: refused before anything was written (connection
     * refused) is not sent; anything else (a time-out, a reset) may have been.
     */
    static SendOutcome noAnswer(Throwable f) {
        Throwable root = f;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof java.net.ConnectException || f instanceof java.net.ConnectException
                ? new Unavailable("unreachable: " + f.getMessage(), Duration.ZERO)
                : new Unknown("no answer: " + f.getMessage());
    }

    record Accepted(String externalId) implements SendOutcome {
    }

    /** The gateway looked at this message and said not now; {@code retryAfter} is its own hint, or zero. */
    record Transient(String reason, Duration retryAfter) implements SendOutcome {
    }

    record Permanent(String reason) implements SendOutcome {
    }

    /**
     * Never, because the number opted out with the gateway or carrier (Twilio's 21610: it replied STOP
     * to the sender's number and the carrier blocks it): the number goes on the suppression list too.
     */
    record OptedOut(String reason) implements SendOutcome {
    }

    /**
     * The request did not get a per-message answer: the gateway was unreachable, timed out, or refused
     * the whole request (429, 5xx). That is the gateway's trouble, not the message's, so it costs the
     * message none of its retries; {@code retryAfter} is the gateway's hint (Retry-After), or zero.
     * {@code throttled}: the gateway said the sender goes too fast (429, ESME_RTHROTTLED, ESME_RMSGQFUL),
     * so the sender slows down as well as pausing.
     */
    record Unavailable(String reason, Duration retryAfter, boolean throttled) implements SendOutcome {

        public Unavailable(String reason, Duration retryAfter) {
            this(reason, retryAfter, false);
        }

        public static Unavailable throttled(String reason, Duration retryAfter) {
            return new Unavailable(reason, retryAfter, true);
        }
    }

    /**
     * The request went out but no answer came (a time-out after it was written, a session lost while
     * waiting): the gateway may have texted the message. What happens next is its gateway's
     * {@link DeliveryGuarantee}: recorded sent with the outcome unknown, or asked again under the same id.
     */
    record Unknown(String reason) implements SendOutcome {
    }
}
