package io.dnwerks.delivery.domain;

import java.io.ByteArrayOutputStream;

/**
 * GSM 03.38 (3GPP TS 23.038) default alphabet, unpacked: one septet per octet, as SMPP carries it with
 * data_coding 0 (the SMSC packs it for the air). Extension characters are ESC (0x1B) and their code, two
 * septets. A character outside both tables cannot be encoded: the text goes as UCS-2 instead.
 */
public final class Gsm7 {

    /** Index = septet. Position 0x1B is ESC (never a character of its own). */
    static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    public static final byte ESC = 0x1B;

    private Gsm7() {
    }

    /** The septets of one character (one, or ESC and one), or null if it has none. */
    public static byte[] septets(char c) {
        int basic = c == ESC ? -1 : BASIC.indexOf(c);
        if (basic >= 0) {
            return new byte[] {(byte) basic};
        }
        int ext = EXTENSION_CHARS.indexOf(c);
        return ext >= 0 ? new byte[] {ESC, EXTENSION_CODES[ext]} : null;
    }

    /** @throws IllegalArgumentException if a character is outside GSM 03.38 */
    public static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            byte[] s = septets(text.charAt(i));
            if (s == null) {
                throw new IllegalArgumentException("not in GSM 03.38: U+" + Integer.toHexString(text.charAt(i)));
            }
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    /** Unpacked septets to text; an unknown escape reads as its plain character, as 23.038 says a receiver should. */
    public static String decode(byte[] septets) {
        StringBuilder out = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESC && i + 1 < septets.length) {
                int code = septets[++i] & 0x7F;
                int ext = -1;
                for (int k = 0; k < EXTENSION_CODES.length; k++) {
                    if (EXTENSION_CODES[k] == code) {
                        ext = k;
                    }
                }
                out.append(ext >= 0 ? EXTENSION_CHARS.charAt(ext) : BASIC.charAt(code));
            } else if (s != ESC) {
                out.append(BASIC.charAt(s));
            }
        }
        return out.toString();
    }
}
