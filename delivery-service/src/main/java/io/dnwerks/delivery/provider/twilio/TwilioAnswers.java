package io.dnwerks.delivery.provider.twilio;

import io.dnwerks.delivery.provider.SendOutcome;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/**
 * Twilio's answers onto ours: the Messages API's responses ({"code", "message", "status"} on error) and
 * the MessageStatus / ErrorCode of its status callbacks. Sources: Twilio's error pages for 20429,
 * 21211, 21610, 21614, 30003-30008 (see the gateway notes).
 */
final class TwilioAnswers {

    /** Too many requests: never processed, always safe to retry. */
    static final int TOO_MANY_REQUESTS = 20429;
    /** The number replied STOP to this sender: not sent, not charged, until it replies START. */
    static final int UNSUBSCRIBED = 21610;

    /** Receipt error codes onto our final states; any other error of an undelivered or failed message is failed. */
    private static final Map<Integer, String> RECEIPT_ERRORS = Map.of(
            30003, "failed",    // unreachable destination handset (often transient: the phone was off)
            30004, "rejected",  // message blocked (by the recipient or their carrier)
            30005, "bounced",   // unknown destination handset: the number does not exist
            30006, "bounced",   // landline or unreachable carrier: it can never take an SMS
            30007, "rejected",  // filtered by the carrier as spam or against policy
            30008, "failed");   // unknown error

    private TwilioAnswers() {
    }

    /** What the answer to POST .../Messages.json says of the message. */
    static SendOutcome outcome(int status, String body, String retryAfterHeader) {
        JsonObject json = parse(body);
        Integer code = json == null ? null : json.getInteger("code");
        String message = json == null ? "" : json.getString("message", "");
        String reason = status + (code == null ? "" : " " + code) + (message.isEmpty() ? "" : " " + message);
        if (status == 200 || status == 201) {
            String sid = json == null ? null : json.getString("sid");
            return sid == null || sid.isBlank() ? new SendOutcome.Unknown("answer without a sid: " + reason) : new SendOutcome.Accepted(sid);
        }
        if (status == 429 || (code != null && code == TOO_MANY_REQUESTS)) {
            return SendOutcome.Unavailable.throttled(reason, retryAfter(retryAfterHeader));
        }
        if (code != null && code == UNSUBSCRIBED) {
            return new SendOutcome.OptedOut(reason);
        }
        if (status == 401 || status == 403 || status == 502 || status == 503 || status == 504) {
            // wrong credentials, or the API is away: not the message's fault, and nothing was created
            return new SendOutcome.Unavailable(reason, retryAfter(retryAfterHeader));
        }
        if (status >= 500) {
            // an internal error: the message may have been created
            return new SendOutcome.Unknown(reason);
        }
        // 400 (21211 not a valid number, 21614 not SMS-capable, ...) and every other 4xx: never
        return new SendOutcome.Permanent(reason);
    }

    /**
     * The final state a status callback reports, or null for one on the way (queued, sending, sent,
     * accepted, scheduled): those change nothing with us.
     */
    static String receiptState(String messageStatus, String errorCode) {
        if (messageStatus == null) {
            return null;
        }
        switch (messageStatus) {
            case "delivered", "read":
                return "delivered";
            case "undelivered", "failed":
                Integer code = parseCode(errorCode);
                return code == null ? "failed" : RECEIPT_ERRORS.getOrDefault(code, "failed");
            case "canceled":
                return "rejected";
            default:
                return null;
        }
    }

    private static Integer parseCode(String code) {
        try {
            return code == null || code.isBlank() ? null : Integer.valueOf(code.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonObject parse(String body) {
        try {
            return body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static Duration retryAfter(String header) {
        try {
            return header == null ? Duration.ZERO : Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException httpDate) {
            return Duration.ZERO;
        }
    }
}
