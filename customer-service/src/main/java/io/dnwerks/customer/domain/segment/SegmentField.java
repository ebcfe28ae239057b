package io.dnwerks.customer.domain.segment;

import java.util.Arrays;
import java.util.Optional;

/** The customer fields a condition can name, by their API names, with the SQL (customer alias {@code c}) they read. */
public enum SegmentField {
    FIRST_NAME("firstName", FieldType.TEXT, "c.first_name"),
    LAST_NAME("lastName", FieldType.TEXT, "c.last_name"),
    EMAIL("email", FieldType.TEXT, "c.email"),
    PHONE("phone", FieldType.TEXT, "c.phone"),
    SOURCE("source", FieldType.TEXT, "c.source"),
    PREFERRED_LANGUAGE("preferredLanguage", FieldType.TEXT, "c.preferred_language"),
    TIMEZONE("timezone", FieldType.TEXT, "c.timezone"),
    /** the phone number's country, ISO 3166 (DE) */
    COUNTRY("country", FieldType.TEXT, "c.country"),
    SMS_CONSENT("smsConsent", FieldType.BOOLEAN, "c.sms_consent"),
    EMAIL_CONSENT("emailConsent", FieldType.BOOLEAN, "c.email_consent"),
    DO_NOT_CONTACT("doNotContact", FieldType.BOOLEAN, "c.do_not_contact"),
    DATE_OF_BIRTH("dateOfBirth", FieldType.DATE, "c.date_of_birth"),
    /** whole years since the date of birth, today (UTC) */
    AGE("age", FieldType.NUMBER, "extract(year FROM age(current_date, c.date_of_birth))::int"),
    CREATED_AT("createdAt", FieldType.INSTANT, "c.created_at"),
    CONSENT_GIVEN_AT("consentGivenAt", FieldType.INSTANT, "c.consent_given_at"),
    TAGS("tags", FieldType.TAGS, null);

    public final String apiName;
    public final FieldType type;
    /** the expression read, for every type but TAGS (which reads customer_tags) */
    public final String sql;

    SegmentField(String apiName, FieldType type, String sql) {
        this.apiName = apiName;
        this.type = type;
        this.sql = sql;
    }

    public static Optional<SegmentField> byApiName(String name) {
        return Arrays.stream(values()).filter(f -> f.apiName.equals(name)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(f -> f.apiName).toList());
    }
}
