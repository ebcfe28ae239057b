package io.dnwerks.common.validation;

/** The formats the database CHECKs enforce, for Bean Validation to catch first with a clear message. */
public final class Patterns {

    /** E.164 with its plus: what ck_customers__phone accepts. */
    public static final String E164 = "^\\+[1-9][0-9]{1,14}$";
    public static final String E164_MESSAGE = "must be an E.164 number such as +4915123456789";
    public static final String EMAIL = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$";
    public static final String EMAIL_MESSAGE = "must be an email address such as ana@example.com";

    private Patterns() {
    }
}
