package io.dnwerks.customer.domain.segment;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static io.dnwerks.customer.domain.segment.FieldType.BOOLEAN;
import static io.dnwerks.customer.domain.segment.FieldType.DATE;
import static io.dnwerks.customer.domain.segment.FieldType.INSTANT;
import static io.dnwerks.customer.domain.segment.FieldType.NUMBER;
import static io.dnwerks.customer.domain.segment.FieldType.TAGS;
import static io.dnwerks.customer.domain.segment.FieldType.TEXT;

/**
 * The operators of the condition language, by their API names, and the field types each applies to.
 * Text comparisons ignore case.
 */
public enum ConditionOperator {
    EQUALS("equals", EnumSet.of(TEXT, BOOLEAN, NUMBER, DATE)),
    NOT_EQUALS("notEquals", EnumSet.of(TEXT, NUMBER, DATE)),
    CONTAINS("contains", EnumSet.of(TEXT)),
    STARTS_WITH("startsWith", EnumSet.of(TEXT)),
    IN("in", EnumSet.of(TEXT)),
    IS_EMPTY("isEmpty", EnumSet.of(TEXT, NUMBER, DATE, INSTANT)),
    LT("lt", EnumSet.of(NUMBER, DATE, INSTANT)),
    LTE("lte", EnumSet.of(NUMBER, DATE, INSTANT)),
    GT("gt", EnumSet.of(NUMBER, DATE, INSTANT)),
    GTE("gte", EnumSet.of(NUMBER, DATE, INSTANT)),
    /** within the last N days, up to now */
    WITHIN_LAST_DAYS("withinLastDays", EnumSet.of(DATE, INSTANT)),
    /** a date of birth whose day falls in the current month (UTC) */
    BIRTHDAY_THIS_MONTH("birthdayThisMonth", EnumSet.of(DATE)),
    /** a date of birth whose next anniversary is today or within N days (UTC; 29 February on the 28th in other years) */
    BIRTHDAY_WITHIN_DAYS("birthdayWithinDays", EnumSet.of(DATE)),
    ANY_OF("anyOf", EnumSet.of(TAGS)),
    ALL_OF("allOf", EnumSet.of(TAGS)),
    NONE_OF("noneOf", EnumSet.of(TAGS));

    public final String apiName;
    public final Set<FieldType> types;
    /** Compares with today, so that what holds changes as days pass. */
    public final boolean relativeToTime;

    ConditionOperator(String apiName, Set<FieldType> types) {
        this.apiName = apiName;
        this.types = types;
        this.relativeToTime = apiName.equals("withinLastDays") || apiName.startsWith("birthday");
    }

    public static Optional<ConditionOperator> byApiName(String name) {
        return Arrays.stream(values()).filter(o -> o.apiName.equals(name)).findFirst();
    }

    /** The operators that apply to a type, for an answer that says what would have been right. */
    public static String namesFor(FieldType type) {
        return String.join(", ", Arrays.stream(values()).filter(o -> o.types.contains(type)).map(o -> o.apiName).toList());
    }
}
