package io.dnwerks.delivery.provider;

/** Addresses as SMSCs give them, read as E.164 where they can be. */
public final class SmscNumbers {

    private SmscNumbers() {
    }

    /**
     * International numbers often come without the plus, or with 00 for it. A short code or a national
     * number is left as it is (and refused as not E.164 where one is needed): it is not guessed at.
     */
    public static String e164(String number) {
        if (number == null || number.isEmpty() || number.startsWith("+")) {
            return number;
        }
        if (number.startsWith("00") && number.length() > 4 && number.chars().allMatch(Character::isDigit)) {
            return "+" + number.substring(2);
        }
        return number.length() >= 8 && number.charAt(0) != '0' && number.chars().allMatch(Character::isDigit) ? "+" + number : number;
    }

    /** An SMPP address: with TON 1 (international) it is E.164 without its plus; otherwise as {@link #e164}. */
    public static String fromSmpp(String address, byte ton) {
        if (address == null) {
            return null;
        }
        if (ton == 1 && !address.isEmpty() && address.chars().allMatch(Character::isDigit)) {
            return "+" + address;
        }
        return e164(address);
    }
}
