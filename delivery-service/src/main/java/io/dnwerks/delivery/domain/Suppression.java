package io.dnwerks.delivery.domain;

/**
 * Why a number may not be texted; also the reason a message to it ends {@code rejected} with.
 */
public enum Suppression {
    OPTED_OUT("opted-out"), DO_NOT_CONTACT("do-not-contact"), DELETED("deleted");

    /** The source of changes made by SMS keywords (STOP, START). */
    public static final String KEYWORD_SOURCE = "sms-keyword";
    /** The source of an opt-out a gateway reported (Twilio's 21610): the person opted out with the carrier. */
    public static final String GATEWAY_SOURCE = "gateway";
    /** The source of changes read off a customer's record (CustomerCreated, CustomerUpdated, CustomerDeleted). */
    public static final String CUSTOMER_RECORD_SOURCE = "customer-record";

    public final String code;

    Suppression(String code) {
        this.code = code;
    }

    /** The reason a customer's flags give, the strongest first; null when they may be texted. */
    public static Suppression of(boolean smsConsent, boolean doNotContact, boolean deleted) {
        if (deleted) {
            return DELETED;
        }
        if (doNotContact) {
            return DO_NOT_CONTACT;
        }
        return smsConsent ? null : OPTED_OUT;
    }
}
