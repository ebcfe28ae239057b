package io.dnwerks.customer.domain.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The condition language: what each operator compiles to, and what is refused, with its JSON path. */
class ConditionsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID TAG_A = UUID.fromString("0b5c3a8e-6f0e-4f7a-9a51-3c1d2e4f5a60");
    static final UUID TAG_B = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a");

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static ConditionSql.Predicate compile(String conditions) {
        return ConditionSql.compile(Conditions.parse(json(conditions)), 1);
    }

    static ConditionSql.Predicate rule(String field, String op, String value) {
        return compile("{'field': '" + field + "', 'op': '" + op + "'" + (value == null ? "" : ", 'value': " + value) + "}");
    }

    static InvalidConditionException refused(String conditions) {
        return assertThrows(InvalidConditionException.class, () -> Conditions.parse(json(conditions)));
    }

    // ---- each operator ----

    @Test
    void textEqualsIgnoresCase() {
        ConditionSql.Predicate p = rule("firstName", "equals", "'Ana'");
        assertEquals("(lower(c.first_name) = lower(cast($1 AS text)))", p.sql());
        assertEquals(List.of("Ana"), p.params());
    }

    @Test
    void notEqualsOnTextAndNumbers() {
        assertEquals("(lower(c.source) <> lower(cast($1 AS text)))", rule("source", "notEquals", "'import'").sql());
        ConditionSql.Predicate age = rule("age", "notEquals", "30");
        assertEquals("((c.date_of_birth > cast(current_date - make_interval(years => cast($1 AS int)) AS date) OR "
                + "c.date_of_birth <= cast(current_date - make_interval(years => cast($2 AS int)) AS date)))", age.sql());
        assertEquals(List.of(30, 31), age.params());
    }

    @Test
    void containsTakesWildcardsLiterally() {
        ConditionSql.Predicate p = rule("email", "contains", "'50%_off'");
        assertEquals("(strpos(lower(c.email), lower(cast($1 AS text))) > 0)", p.sql());
        assertEquals(List.of("50%_off"), p.params()); // a parameter, not a LIKE pattern
    }

    @Test
    void startsWith() {
        ConditionSql.Predicate p = rule("phone", "startsWith", "'+4915'");
        assertEquals("(starts_with(lower(c.phone), lower(cast($1 AS text))))", p.sql());
        assertEquals(List.of("+4915"), p.params());
    }

    @Test
    void inTakesDistinctValues() {
        ConditionSql.Predicate p = rule("preferredLanguage", "in", "['de', 'en', 'de']");
        assertEquals("(lower(c.preferred_language) IN (SELECT lower(v) FROM unnest(cast($1 AS text[])) v))", p.sql());
        assertArrayEquals(new String[] {"de", "en"}, (String[]) p.params().get(0));
    }

    @Test
    void isEmptyOnTextAndDates() {
        assertEquals("(coalesce(c.timezone, '') = '')", rule("timezone", "isEmpty", null).sql());
        assertEquals("(c.date_of_birth IS NULL)", rule("dateOfBirth", "isEmpty", null).sql());
        assertTrue(rule("dateOfBirth", "isEmpty", null).params().isEmpty());
    }

    @Test
    void comparisonsOnNumbersDatesAndInstants() {
        assertEquals("(c.date_of_birth <= cast(current_date - make_interval(years => cast($1 AS int)) AS date))", rule("age", "gte", "18").sql());
        ConditionSql.Predicate born = rule("dateOfBirth", "lt", "'2000-01-01'");
        assertEquals("(c.date_of_birth < cast($1 AS date))", born.sql());
        assertEquals(List.of(LocalDate.of(2000, 1, 1)), born.params());
        ConditionSql.Predicate created = rule("createdAt", "gt", "'2026-11-01T00:00:00Z'");
        assertEquals("(c.created_at > cast($1 AS timestamptz))", created.sql());
        assertEquals(List.of(OffsetDateTime.parse("2026-11-01T00:00:00Z")), created.params());
        assertEquals("(c.consent_given_at <= cast($1 AS timestamptz))", rule("consentGivenAt", "lte", "'2026-11-01T00:00:00+01:00'").sql());
    }

    @Test
    void withinTheLastDays() {
        ConditionSql.Predicate p = rule("createdAt", "withinLastDays", "30");
        assertEquals("(c.created_at BETWEEN now() - make_interval(days => cast($1 AS int)) AND now())", p.sql());
        assertEquals(List.of(30), p.params());
    }

    @Test
    void birthdays() {
        assertEquals("(extract(month FROM c.date_of_birth) = extract(month FROM current_date))",
                rule("dateOfBirth", "birthdayThisMonth", null).sql());
        ConditionSql.Predicate p = rule("dateOfBirth", "birthdayWithinDays", "7");
        assertTrue(p.sql().endsWith("- current_date BETWEEN 0 AND cast($1 AS int))"), p.sql());
        assertEquals(List.of(7), p.params());
    }

    @Test
    void conditionsThatCompareWithTodayAreRelativeToTime() {
        assertTrue(Conditions.parse(json("{'field': 'createdAt', 'op': 'withinLastDays', 'value': 3}")).relativeToTime());
        assertTrue(Conditions.parse(json("{'field': 'dateOfBirth', 'op': 'birthdayThisMonth'}")).relativeToTime());
        assertTrue(Conditions.parse(json("{'any': [{'field': 'source', 'op': 'equals', 'value': 'x'},"
                + " {'not': {'field': 'dateOfBirth', 'op': 'birthdayWithinDays', 'value': 7}}]}")).relativeToTime());
        assertTrue(Conditions.parse(json("{'field': 'age', 'op': 'gte', 'value': 18}")).relativeToTime());
        assertFalse(Conditions.parse(json("{'all': [{'field': 'createdAt', 'op': 'gt', 'value': '2026-01-01T00:00:00Z'},"
                + " {'field': 'dateOfBirth', 'op': 'lt', 'value': '2000-01-01'}, {'field': 'tags', 'op': 'anyOf', 'value': ['" + TAG_A + "']}]}"))
                .relativeToTime());
    }

    @Test
    void booleans() {
        ConditionSql.Predicate p = rule("smsConsent", "equals", "true");
        assertEquals("(c.sms_consent = cast($1 AS boolean))", p.sql());
        assertEquals(List.of(true), p.params());
    }

    @Test
    void tagsAnyAllNone() {
        String ids = "['" + TAG_A + "', '" + TAG_B + "']";
        ConditionSql.Predicate any = rule("tags", "anyOf", ids);
        assertEquals("(EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY(cast($1 AS uuid[]))))", any.sql());
        assertArrayEquals(new UUID[] {TAG_A, TAG_B}, (UUID[]) any.params().get(0));
        assertEquals("(NOT EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY(cast($1 AS uuid[]))))",
                rule("tags", "noneOf", ids).sql());
        ConditionSql.Predicate all = rule("tags", "allOf", "['" + TAG_A + "', '" + TAG_A + "', '" + TAG_B + "']");
        assertEquals("((SELECT count(*) FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY(cast($1 AS uuid[]))) = cardinality(cast($1 AS uuid[])))",
                all.sql());
        assertEquals(2, ((UUID[]) all.params().get(0)).length, "a tag named twice must not make all-of unreachable");
    }

    // ---- groups ----

    @Test
    void groupsNestAndNumberTheirParametersInOrder() {
        ConditionSql.Predicate p = ConditionSql.compile(Conditions.parse(json("""
                {'all': [
                  {'field': 'smsConsent', 'op': 'equals', 'value': true},
                  {'any': [{'field': 'source', 'op': 'equals', 'value': 'shop'}, {'field': 'age', 'op': 'lt', 'value': 30}]},
                  {'not': {'field': 'preferredLanguage', 'op': 'in', 'value': ['fr']}}
                ]}""")), 3);
        assertEquals("((c.sms_consent = cast($3 AS boolean)) AND ((lower(c.source) = lower(cast($4 AS text))) OR "
                + "(c.date_of_birth > cast(current_date - make_interval(years => cast($5 AS int)) AS date))) AND "
                + "(NOT (lower(c.preferred_language) IN (SELECT lower(v) FROM unnest(cast($6 AS text[])) v)) IS TRUE))", p.sql());
        assertEquals(true, p.params().get(0));
        assertEquals("shop", p.params().get(1));
        assertEquals(30, p.params().get(2));
        assertArrayEquals(new String[] {"fr"}, (String[]) p.params().get(3));
    }

    @Test
    void aRuleIsTestedForTruthOnlyUnderANotAndATagRuleNever() {
        // a NULL and a false come to the same outside a not: bare, so an index can serve the rule
        assertEquals("((lower(c.source) = lower(cast($1 AS text))) OR (c.date_of_birth IS NULL))",
                compile("{'any': [{'field': 'source', 'op': 'equals', 'value': 'shop'}, {'field': 'age', 'op': 'isEmpty'}]}").sql());
        // under a not, at any depth, a NULL must fail the rule before it is negated
        assertEquals("(NOT ((lower(c.source) = lower(cast($1 AS text))) IS TRUE OR (NOT (c.date_of_birth IS NULL) IS TRUE)))",
                compile("{'not': {'any': [{'field': 'source', 'op': 'equals', 'value': 'shop'}, {'not': {'field': 'age', 'op': 'isEmpty'}}]}}").sql());
        // EXISTS is never NULL: its not stays an anti-join the planner recognises
        assertEquals("(NOT (EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY(cast($1 AS uuid[])))))",
                compile("{'not': {'field': 'tags', 'op': 'anyOf', 'value': ['" + TAG_A + "']}}").sql());
    }

    @Test
    void agesAreRangesOfTheDateOfBirth() {
        String yearsAgo1 = "cast(current_date - make_interval(years => cast($1 AS int)) AS date)";
        String yearsAgo2 = "cast(current_date - make_interval(years => cast($2 AS int)) AS date)";
        assertEquals("(c.date_of_birth <= " + yearsAgo1 + ")", rule("age", "gt", "17").sql());
        assertEquals(List.of(18), rule("age", "gt", "17").params());
        assertEquals("(c.date_of_birth > " + yearsAgo1 + ")", rule("age", "lte", "64").sql());
        assertEquals(List.of(65), rule("age", "lte", "64").params());
        assertEquals("(c.date_of_birth > " + yearsAgo1 + ")", rule("age", "lt", "18").sql());
        assertEquals(List.of(18), rule("age", "lt", "18").params());
        assertEquals("(c.date_of_birth > " + yearsAgo1 + " AND c.date_of_birth <= " + yearsAgo2 + ")", rule("age", "equals", "40").sql());
        assertEquals(List.of(41, 40), rule("age", "equals", "40").params());
        InvalidConditionException e = assertThrows(InvalidConditionException.class,
                () -> Conditions.parse(json("{'field': 'age', 'op': 'gte', 'value': 2000000000}")));
        assertEquals("$.value", e.path());
    }

    @Test
    void anEmptyAllIsEveryone() {
        assertEquals("TRUE", compile("{'all': []}").sql());
    }

    @Test
    void noValueEverReachesTheSql() {
        String hostile = "x'); DROP TABLE customers; --";
        com.fasterxml.jackson.databind.node.ObjectNode rule = JSON.createObjectNode().put("field", "lastName").put("op", "contains")
                .put("value", hostile);
        ConditionSql.Predicate p = ConditionSql.compile(Conditions.parse(rule), 1);
        assertFalse(p.sql().contains("DROP"), p.sql());
        assertEquals(List.of(hostile), p.params());
    }

    // ---- refused, with where and why ----

    @Test
    void unknownFieldsAndOperatorsNameThePathAndTheChoices() {
        InvalidConditionException e = refused("{'all': [{'field': 'smsConsent', 'op': 'equals', 'value': true}, {'field': 'shoeSize', 'op': 'gt', 'value': 42}]}");
        assertEquals("$.all[1].field", e.path());
        assertTrue(e.reason().contains("shoeSize") && e.reason().contains("firstName"), e.reason());
        e = refused("{'any': [{'not': {'field': 'smsConsent', 'op': 'contains', 'value': 'x'}}]}");
        assertEquals("$.any[0].not.op", e.path());
        assertTrue(e.reason().contains("does not apply to smsConsent") && e.reason().contains("equals"), e.reason());
    }

    @Test
    void valuesOfTheWrongKindAreRefused() {
        assertEquals("$.value", refused("{'field': 'age', 'op': 'gt', 'value': 'old'}").path());
        assertEquals("$.value", refused("{'field': 'age', 'op': 'gt', 'value': 1.5}").path());
        assertEquals("$.value", refused("{'field': 'smsConsent', 'op': 'equals', 'value': 'yes'}").path());
        assertEquals("$.value", refused("{'field': 'dateOfBirth', 'op': 'lt', 'value': '30.04.1990'}").path());
        assertEquals("$.value", refused("{'field': 'createdAt', 'op': 'gt', 'value': '2026-11-01T00:00:00'}").path()); // no offset
        assertEquals("$.value", refused("{'field': 'firstName', 'op': 'equals', 'value': ''}").path());
        assertEquals("$.value", refused("{'field': 'firstName', 'op': 'equals'}").path());
        assertEquals("$.value", refused("{'field': 'dateOfBirth', 'op': 'isEmpty', 'value': 'x'}").path());
        assertEquals("$.value", refused("{'field': 'createdAt', 'op': 'withinLastDays', 'value': 0}").path());
        assertEquals("$.value", refused("{'field': 'dateOfBirth', 'op': 'birthdayWithinDays', 'value': -1}").path());
        assertEquals("$.value", refused("{'field': 'source', 'op': 'in', 'value': []}").path());
        assertEquals("$.value[1]", refused("{'field': 'source', 'op': 'in', 'value': ['a', 3]}").path());
        assertEquals("$.value[0]", refused("{'field': 'tags', 'op': 'anyOf', 'value': ['1-1-1-1-1']}").path());
        assertEquals("$.value", refused("{'field': 'firstName', 'op': 'equals', 'value': '" + "x".repeat(256) + "'}").path());
    }

    @Test
    void shapesThatAreNotConditionsAreRefused() {
        assertEquals("$", refused("[]").path());
        assertEquals("$", refused("{}").path());
        assertEquals("$.all", refused("{'all': {'field': 'age'}}").path());
        assertEquals("$.any", refused("{'any': []}").path());
        assertEquals("$.any", refused("{'all': [], 'any': []}").path());
        assertEquals("$.all[0]", refused("{'all': ['age > 3']}").path());
        assertEquals("$.colour", refused("{'field': 'age', 'op': 'gt', 'value': 3, 'colour': 'red'}").path());
        assertEquals("$", assertThrows(InvalidConditionException.class, () -> Conditions.parse(null)).path());
    }

    @Test
    void depthAndSizeAreBounded() {
        String deep = "{'field': 'age', 'op': 'gt', 'value': 1}";
        for (int i = 0; i < Conditions.MAX_DEPTH; i++) {
            deep = "{'not': " + deep + "}";
        }
        InvalidConditionException e = refused(deep);
        assertTrue(e.reason().contains("nested deeper"), e.reason());
        String many = String.join(", ", java.util.Collections.nCopies(Conditions.MAX_RULES + 1, "{'field': 'age', 'op': 'gt', 'value': 1}"));
        assertEquals("$.all[" + Conditions.MAX_RULES + "]", refused("{'all': [" + many + "]}").path());
        String[] values = new String[Conditions.MAX_LIST + 1];
        Arrays.setAll(values, i -> "'v" + i + "'");
        assertEquals("$.value", refused("{'field': 'source', 'op': 'in', 'value': [" + String.join(",", values) + "]}").path());
    }
}
