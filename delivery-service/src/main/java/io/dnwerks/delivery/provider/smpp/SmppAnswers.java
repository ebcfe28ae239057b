package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.delivery.provider.SendOutcome;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SMPP 3.4 answers in our vocabulary. command_status as Kannel classifies it (smsc_smpp.c): queue full
 * and throttling slow the sender down (the SMSC's trouble, no retry spent), a system error or the
 * receiver's temporary application error is worth a retry, every other status is final. Pure.
 */
public final class SmppAnswers {

    public static final int ESME_RSYSERR = 0x08;
    public static final int ESME_RMSGQFUL = 0x14;
    public static final int ESME_RTHROTTLED = 0x58;
    public static final int ESME_RX_T_APPN = 0x64;
    public static final int ESME_RALYBND = 0x05;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(0x01, "ESME_RINVMSGLEN"),
            Map.entry(0x04, "ESME_RINVBNDSTS"), Map.entry(0x05, "ESME_RALYBND"), Map.entry(0x08, "ESME_RSYSERR"),
            Map.entry(0x0A, "ESME_RINVSRCADR"), Map.entry(0x0B, "ESME_RINVDSTADR"), Map.entry(0x0D, "ESME_RBINDFAIL"),
            Map.entry(0x0E, "ESME_RINVPASWD"), Map.entry(0x0F, "ESME_RINVSYSID"), Map.entry(0x14, "ESME_RMSGQFUL"),
            Map.entry(0x43, "ESME_RINVESMCLASS"), Map.entry(0x45, "ESME_RSUBMITFAIL"), Map.entry(0x50, "ESME_RINVDSTTON"),
            Map.entry(0x51, "ESME_RINVDSTNPI"), Map.entry(0x58, "ESME_RTHROTTLED"), Map.entry(0x62, "ESME_RINVEXPIRY"),
            Map.entry(0x64, "ESME_RX_T_APPN"), Map.entry(0x65, "ESME_RX_P_APPN"), Map.entry(0x66, "ESME_RX_R_APPN"),
            Map.entry(0xFF, "ESME_RUNKNOWNERR"), Map.entry(0x104, "ESME_RINVDCS"));

    private SmppAnswers() {
    }

    public static String describe(int commandStatus) {
        return String.format("SMPP 0x%08x %s", commandStatus, NAMES.getOrDefault(commandStatus, "")).strip();
    }

    /** A submit_sm_resp with a non-zero command_status; {@code throttlePause} is how long the sender pauses on throttling. */
    public static SendOutcome refused(int commandStatus, Duration throttlePause) {
        String reason = describe(commandStatus);
        return switch (commandStatus) {
            case ESME_RTHROTTLED, ESME_RMSGQFUL -> SendOutcome.Unavailable.throttled(reason, throttlePause);
            case ESME_RSYSERR, ESME_RX_T_APPN -> new SendOutcome.Transient(reason, Duration.ZERO);
            default -> new SendOutcome.Permanent(reason);
        };
    }

    /**
     * A receipt's final state (the receipt text's stat, or the message_state TLV's name) in ours, or null
     * for one that is not final (ENROUTE, ACCEPTD, SCHEDULED).
     */
    public static String receiptState(String stat) {
        if (stat == null) {
            return null;
        }
        return switch (stat.toUpperCase(Locale.ROOT)) {
            case "DELIVRD", "DELIVERED" -> "delivered";
            case "UNDELIV", "UNDELIVERABLE" -> "bounced";
            case "REJECTD", "REJECTED" -> "rejected";
            case "EXPIRED", "DELETED", "UNKNOWN", "SKIPPED" -> "failed";
            default -> null;
        };
    }

    /** The message_state TLV's value (SMPP 3.4 5.2.28) as the receipt text names it. */
    public static String messageState(int value) {
        return switch (value) {
            case 1 -> "ENROUTE";
            case 2 -> "DELIVRD";
            case 3 -> "EXPIRED";
            case 4 -> "DELETED";
            case 5 -> "UNDELIV";
            case 6 -> "ACCEPTD";
            case 7 -> "UNKNOWN";
            case 8 -> "REJECTD";
            case 9 -> "SKIPPED";
            default -> "SCHEDULED";
        };
    }

    /**
     * One form for a message id whichever way the SMSC writes it, so that the submit_sm_resp id and the
     * receipt's id meet (Kannel's msg-id-type: bit 1, the submit_sm_resp id is hex; bit 2, the receipt's
     * is). With a type set, ids are numbers and become decimal without leading zeros; without one they
     * are compared as strings, case aside. {@code fromReceipt}: which of the two this id is.
     */
    public static String canonicalId(String id, Optional<Integer> msgIdType, boolean fromReceipt) {
        String trimmed = id.strip();
        if (msgIdType.isEmpty()) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        boolean hex = (msgIdType.get() & (fromReceipt ? 2 : 1)) != 0;
        try {
            return new BigInteger(trimmed, hex ? 16 : 10).toString();
        } catch (NumberFormatException e) {
            return trimmed.toLowerCase(Locale.ROOT); // not the number it was said to be: compared as it is
        }
    }
}
