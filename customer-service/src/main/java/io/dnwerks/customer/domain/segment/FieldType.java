package io.dnwerks.customer.domain.segment;

/** What kind of value a segment field holds, which decides the operators it takes. */
public enum FieldType {
    TEXT, BOOLEAN, NUMBER, DATE, INSTANT, TAGS
}
