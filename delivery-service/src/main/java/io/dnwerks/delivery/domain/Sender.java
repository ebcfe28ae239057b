package io.dnwerks.delivery.domain;

import java.util.regex.Pattern;

/**
 * Who a text comes from: a number (E.164), a short code or an alphanumeric id, on one gateway, with its
 * own throughput in SMS segments per second (0: no limit of ours).
 */
public record Sender(String id, String gateway, String from, double segmentsPerSecond, boolean isDefault) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
    // GSM 03.40's alphanumeric originator: up to 11 characters; carriers take letters, digits and spaces
    private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

    public enum Kind {
        NUMBER("number"), SHORT_CODE("short-code"), ALPHANUMERIC("alphanumeric");

        public final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public Sender {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("sender id '" + id + "' must be 1 to 50 of a-z, 0-9 and -, starting with a letter or digit");
        }
        if (from == null || kindOf(from) == null) {
            throw new IllegalArgumentException("dnwerks.senders." + id + ".from '" + from
                    + "' must be an E.164 number (+15551234567), a short code of 3 to 8 digits or an alphanumeric id of up to 11 letters, digits and spaces");
        }
        if (!(segmentsPerSecond >= 0) || Double.isInfinite(segmentsPerSecond)) {
            throw new IllegalArgumentException("dnwerks.senders." + id + ".segments-per-second must be 0 (no limit) or more");
        }
    }

    public Kind kind() {
        return kindOf(from);
    }

    /** Only a number can be replied to: a STOP comes back to numbers and short codes, never to an alphanumeric id. */
    public boolean takesReplies() {
        return kind() != Kind.ALPHANUMERIC;
    }

    private static Kind kindOf(String from) {
        if (NUMBER.matcher(from).matches()) {
            return Kind.NUMBER;
        }
        if (SHORT_CODE.matcher(from).matches()) {
            return Kind.SHORT_CODE;
        }
        return ALPHANUMERIC.matcher(from).matches() ? Kind.ALPHANUMERIC : null;
    }
}
