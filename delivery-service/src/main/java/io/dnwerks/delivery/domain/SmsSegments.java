package io.dnwerks.delivery.domain;

/**
 * How many SMS a text takes, which is what gateways bill and rate-limit: GSM 03.38 text fits 160
 * characters in one SMS and 153 per part when concatenated (extension characters count twice);
 * anything outside it goes as UCS-2, 70 in one and 67 per part.
 */
public final class SmsSegments {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    /** Whether the text fits GSM 03.38 (basic table and its extension), so goes as 7-bit; otherwise it needs UCS-2. */
    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    public static int count(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return ucs2(text);
            }
        }
        return septets <= 160 ? 1 : (septets + 152) / 153;
    }

    private static int ucs2(String text) {
        int units = text.length();
        return units <= 70 ? 1 : (units + 66) / 67;
    }
}
