package io.dnwerks.delivery.provider.kannel;

import io.dnwerks.delivery.provider.ReceiptText;
import io.dnwerks.delivery.provider.SendOutcome;

import java.time.Duration;
import java.util.Locale;

/**
 * Kannel's answers in our vocabulary, from its user guide ("Sending SMS" and "Delivery reports") and
 * smsbox.c. Pure, so that each mapping is tested on its own.
 */
public final class KannelAnswers {

    /** dlr-mask bits (gw/dlr.h): delivered to phone, not delivered to phone, queued on SMSC, delivered to SMSC, SMSC reject. */
    public static final int DLR_SUCCESS = 1;
    public static final int DLR_FAIL = 2;
    public static final int DLR_BUFFERED = 4;
    public static final int DLR_SMSC_SUCCESS = 8;
    public static final int DLR_SMSC_FAIL = 16;
    public static final int DLR_INTERMEDIATE = 32;

    private KannelAnswers() {
    }

    /**
     * A sendsms answer. Kannel gives no message id of its own, so the external id is ours ({@code messageId}),
     * the one its delivery reports come back with. "0: Accepted for delivery" and "3: Queued for later
     * delivery" (no SMSC connected: Kannel keeps it) are taken; 403 "Not routable" is final, 403
     * "Authorization failed" is our configuration's fault, not the message's; 503 "Temporal failure" and
     * 500 "Sending failed." are worth a retry; any other 4xx is a request Kannel will never take.
     */
    public static SendOutcome outcome(int status, String body, String messageId) {
        String text = body == null ? "" : body.strip();
        String reason = status + " " + (text.length() > 200 ? text.substring(0, 200) : text);
        if (status == 202 || status == 200) {
            if (text.startsWith("0:") || text.startsWith("3:") || text.startsWith("Sent.")) {
                return new SendOutcome.Accepted(messageId);
            }
            // a 2xx we cannot read may still have been taken
            return new SendOutcome.Unknown("unexpected answer: " + reason);
        }
        if (status == 403) {
            return text.toLowerCase(Locale.ROOT).contains("authorization failed")
                    ? new SendOutcome.Unavailable(reason, Duration.ZERO)
                    : new SendOutcome.Permanent(reason);
        }
        if (status == 503 || status == 500) {
            return new SendOutcome.Transient(reason, Duration.ZERO);
        }
        if (status >= 400 && status < 500) {
            return new SendOutcome.Permanent(reason);
        }
        return new SendOutcome.Unavailable(reason, Duration.ZERO);
    }

    /**
     * A delivery report's state ({@code %d}) in ours, or null for one on the way (buffered, delivered
     * to the SMSC, intermediate): those change nothing. A report that the phone was not reached says
     * why in the SMSC's receipt ({@code %A}: for SMPP, "id:... stat:UNDELIV err:..."): an undeliverable
     * number bounced, a rejected one rejected, anything else (expired, deleted, unknown) failed.
     *
     * @throws IllegalArgumentException for a value Kannel does not send
     */
    public static String receiptState(int type, String smscReply) {
        return switch (type) {
            case DLR_SUCCESS -> "delivered";
            case DLR_FAIL -> failureState(smscReply);
            case DLR_SMSC_FAIL -> "rejected";
            case DLR_BUFFERED, DLR_SMSC_SUCCESS, DLR_INTERMEDIATE -> null;
            default -> throw new IllegalArgumentException("must be one of 1, 2, 4, 8, 16 or 32");
        };
    }

    private static String failureState(String smscReply) {
        String stat = receiptField(smscReply, "stat");
        if ("UNDELIV".equals(stat)) {
            return "bounced";
        }
        return "REJECTD".equals(stat) ? "rejected" : "failed";
    }

    static String receiptField(String receipt, String name) {
        return ReceiptText.field(receipt, name);
    }

    /** The error text a failed report leaves on its message: Kannel's type and the SMSC's own words. */
    public static String error(int type, String smscReply) {
        if (type == DLR_SUCCESS) {
            return null;
        }
        String reply = smscReply == null ? "" : smscReply.strip();
        String err = receiptField(reply, "err");
        String stat = receiptField(reply, "stat");
        if (stat != null) {
            return "Kannel DLR " + type + ": stat:" + stat + (err == null ? "" : " err:" + err);
        }
        return "Kannel DLR " + type + (reply.isEmpty() ? "" : ": " + (reply.length() > 200 ? reply.substring(0, 200) : reply));
    }
}
