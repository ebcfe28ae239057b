package io.dnwerks.common.logging;

/** Phone numbers never reach a log whole: "+4915123456789" logs as "+49*******6789". */
public final class PhoneMask {

    private PhoneMask() {
    }

    public static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        int keepStart = Math.min(3, phone.length());
        int keepEnd = phone.length() > 7 ? 4 : 0;
        if (phone.length() <= keepStart + keepEnd) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, keepStart) + "*".repeat(phone.length() - keepStart - keepEnd)
                + phone.substring(phone.length() - keepEnd);
    }
}
