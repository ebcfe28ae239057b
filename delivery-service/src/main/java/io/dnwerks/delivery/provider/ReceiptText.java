package io.dnwerks.delivery.provider;

/**
 * The text of an SMPP delivery receipt ("id:IIII sub:001 dlvrd:001 submit date:... stat:DELIVRD err:000
 * text:..."), which SMSCs send in deliver_sm and Kannel hands on as %A. The format is the SMSC's
 * (SMPP 3.4 appendix B is only an example), so fields are read by name, never by position.
 */
public final class ReceiptText {

    private ReceiptText() {
    }

    /** A field's value up to the next space, or null; only a name at a word's start counts ("xstat:" is not "stat:"). */
    public static String field(String receipt, String name) {
        if (receipt == null) {
            return null;
        }
        String key = name + ":";
        int at = receipt.indexOf(key);
        while (at > 0 && receipt.charAt(at - 1) != ' ') {
            at = receipt.indexOf(key, at + 1);
        }
        if (at < 0) {
            return null;
        }
        int end = receipt.indexOf(' ', at);
        return receipt.substring(at + key.length(), end < 0 ? receipt.length() : end);
    }
}
