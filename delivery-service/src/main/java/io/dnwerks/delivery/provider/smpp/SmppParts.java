package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.delivery.domain.Gsm7;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text as the submit_sm PDUs that carry it: GSM 03.38 (data_coding 0) when every character fits, else
 * UCS-2 (0x08, UTF-16BE); one PDU when it fits one SMS (160 septets, 70 UCS-2 units), else parts that
 * each carry a concatenation header: a UDH with an 8-bit reference ({@code 05 00 03 ref total seq}, 153
 * septets or 67 units a part) or a 16-bit one ({@code 06 08 04 refHi refLo total seq}, 152 or 66), or the
 * SAR TLVs with no UDH (the SMSC builds it; 153 or 67). An escape pair or a surrogate pair is never split.
 */
public final class SmppParts {

    public enum LongMessages { UDH8, UDH16, SAR }

    /** How data_coding 0 text is written: GSM 03.38 septets (the standard), or Latin-1 for SMSCs that read it so. */
    public enum DefaultAlphabet { GSM, LATIN1 }

    public static final byte DCS_DEFAULT = 0x00;
    public static final byte DCS_UCS2 = 0x08;

    /** One submit_sm: its short_message (UDH included), whether esm_class needs UDHI, and its SAR numbers (seq 0: none). */
    public record Part(byte[] shortMessage, byte dataCoding, boolean udhi, int reference, int total, int seq) {
        public boolean sar() {
            return seq > 0 && !udhi;
        }
    }

    private SmppParts() {
    }

    /** @throws IllegalArgumentException if the text needs more than 255 parts */
    public static List<Part> of(String text, LongMessages mode, DefaultAlphabet alphabet, int reference) {
        boolean gsm = text.chars().allMatch(c -> Gsm7.septets((char) c) != null);
        List<Unit> units = gsm ? gsmUnits(text, alphabet) : ucs2Units(text);
        int single = gsm ? 160 : 70;
        int size = units.stream().mapToInt(Unit::cost).sum();
        byte dcs = gsm ? DCS_DEFAULT : DCS_UCS2;
        if (size <= single) {
            return List.of(new Part(concat(units, 0, units.size()), dcs, false, 0, 1, 0));
        }
        int perPart = gsm ? (mode == LongMessages.UDH16 ? 152 : 153) : (mode == LongMessages.UDH16 ? 66 : 67);
        List<int[]> bounds = new ArrayList<>();
        int from = 0;
        int used = 0;
        for (int i = 0; i < units.size(); i++) {
            if (used + units.get(i).cost() > perPart) {
                bounds.add(new int[] {from, i});
                from = i;
                used = 0;
            }
            used += units.get(i).cost();
        }
        bounds.add(new int[] {from, units.size()});
        if (bounds.size() > 255) {
            throw new IllegalArgumentException("needs " + bounds.size() + " parts; at most 255 can be concatenated");
        }
        int total = bounds.size();
        int ref = mode == LongMessages.UDH16 ? reference & 0xFFFF : reference & 0xFF;
        List<Part> parts = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
            byte[] body = concat(units, bounds.get(k)[0], bounds.get(k)[1]);
            int seq = k + 1;
            parts.add(switch (mode) {
                case UDH8 -> new Part(prefixed(new byte[] {0x05, 0x00, 0x03, (byte) ref, (byte) total, (byte) seq}, body), dcs, true, ref, total, seq);
                case UDH16 -> new Part(prefixed(new byte[] {0x06, 0x08, 0x04, (byte) (ref >> 8), (byte) ref, (byte) total, (byte) seq}, body),
                        dcs, true, ref, total, seq);
                case SAR -> new Part(body, dcs, false, ref, total, seq);
            });
        }
        return parts;
    }

    /** One character as written, and what it costs of a part: septets (GSM) or UTF-16 units (UCS-2). */
    private record Unit(byte[] bytes, int cost) {
    }

    /** Per character: its septets, or its Latin-1 octet (costing the septets it takes on the air all the same). */
    private static List<Unit> gsmUnits(String text, DefaultAlphabet alphabet) {
        List<Unit> out = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            byte[] septets = Gsm7.septets(c);
            out.add(alphabet == DefaultAlphabet.GSM ? new Unit(septets, septets.length)
                    : new Unit(String.valueOf(c).getBytes(StandardCharsets.ISO_8859_1), septets.length));
        }
        return out;
    }

    /** Per character: its UTF-16BE units, a surrogate pair kept together. */
    private static List<Unit> ucs2Units(String text) {
        List<Unit> out = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            int n = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? 2 : 1;
            out.add(new Unit(text.substring(i, i + n).getBytes(StandardCharsets.UTF_16BE), n));
            i += n;
        }
        return out;
    }

    private static byte[] concat(List<Unit> units, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += units.get(i).bytes().length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (int i = from; i < to; i++) {
            System.arraycopy(units.get(i).bytes(), 0, out, at, units.get(i).bytes().length);
            at += units.get(i).bytes().length;
        }
        return out;
    }

    private static byte[] prefixed(byte[] udh, byte[] body) {
        byte[] out = new byte[udh.length + body.length];
        System.arraycopy(udh, 0, out, 0, udh.length);
        System.arraycopy(body, 0, out, udh.length, body.length);
        return out;
    }
}
