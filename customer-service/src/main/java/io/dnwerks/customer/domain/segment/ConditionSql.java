package io.dnwerks.customer.domain.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compiles a {@link Condition} to one SQL predicate over customers (alias {@code c}) with numbered
 * parameters: every value the caller sent is a parameter, never text in the SQL. Each rule is
 * wrapped in {@code IS TRUE}, so that a customer without a value (NULL) fails the rule and passes
 * its {@code not}, as a marketer reads "not in France" to include those of unknown country.
 */
public final class ConditionSql {

    /** The predicate, and its parameters in order: {@code $first} is {@code params.get(0)}. */
    public record Predicate(String sql, List<Object> params) {
        public Predicate {
            params = List.copyOf(params);
        }
    }

    private final List<Object> params = new ArrayList<>();
    private final int first;

    private ConditionSql(int first) {
        this.first = first;
    }

    /** @param firstParam the number of the predicate's first parameter ({@code $firstParam}), after the caller's own */
    public static Predicate compile(Condition condition, int firstParam) {
        ConditionSql c = new ConditionSql(firstParam);
        String sql = c.sql(condition);
        return new Predicate(sql, c.params);
    }

    private String sql(Condition condition) {
        if (condition instanceof Condition.Group g) {
            if (g.children().isEmpty()) {
                return "TRUE"; // all of nothing: everyone (an empty any is refused when parsed)
            }
            List<String> parts = g.children().stream().map(this::sql).toList();
            return "(" + String.join(g.all() ? " AND " : " OR ", parts) + ")";
        }
        if (condition instanceof Condition.Not n) {
            return "(NOT " + sql(n.child()) + ")";
        }
        Condition.Rule r = (Condition.Rule) condition;
        return "(" + rule(r) + ") IS TRUE";
    }

    private String param(Object value, String type) {
        params.add(value);
        // cast(), not ::, so that the predicate reads the same through a Hibernate session's native query
        return "cast($" + (first + params.size() - 1) + " AS " + type + ")";
    }

    private String rule(Condition.Rule r) {
        SegmentField f = r.field();
        String col = f.sql;
        return switch (r.op()) {
            case EQUALS -> switch (f.type) {
                case TEXT -> "lower(" + col + ") = lower(" + param(r.value(), "text") + ")";
                default -> col + " = " + param(r.value(), sqlType(f.type));
            };
            case NOT_EQUALS -> f.type == FieldType.TEXT
                    ? "lower(" + col + ") <> lower(" + param(r.value(), "text") + ")"
                    : col + " <> " + param(r.value(), sqlType(f.type));
            // strpos, not LIKE: a % or _ the marketer typed is a character, not a wildcard
            case CONTAINS -> "strpos(lower(" + col + "), lower(" + param(r.value(), "text") + ")) > 0";
            case STARTS_WITH -> "starts_with(lower(" + col + "), lower(" + param(r.value(), "text") + "))";
            case IN -> "lower(" + col + ") IN (SELECT lower(v) FROM unnest(" + param(texts(r.value()), "text[]") + ") v)";
            case IS_EMPTY -> f.type == FieldType.TEXT ? "coalesce(" + col + ", '') = ''" : col + " IS NULL";
            case LT -> col + " < " + param(r.value(), sqlType(f.type));
            case LTE -> col + " <= " + param(r.value(), sqlType(f.type));
            case GT -> col + " > " + param(r.value(), sqlType(f.type));
            case GTE -> col + " >= " + param(r.value(), sqlType(f.type));
            case WITHIN_LAST_DAYS -> f.type == FieldType.DATE
                    ? col + " BETWEEN current_date - " + param(r.value(), "int") + " AND current_date"
                    : col + " BETWEEN now() - make_interval(days => " + param(r.value(), "int") + ") AND now()";
            case BIRTHDAY_THIS_MONTH -> "extract(month FROM " + col + ") = extract(month FROM current_date)";
            // the next anniversary from today: the date of birth plus one year more than the age reached by yesterday
            case BIRTHDAY_WITHIN_DAYS -> "(" + col + " + make_interval(years => extract(year FROM age(current_date - 1, " + col
                    + "))::int + 1))::date - current_date BETWEEN 0 AND " + param(r.value(), "int");
            case ANY_OF -> "EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY("
                    + param(uuids(r.value()), "uuid[]") + "))";
            case NONE_OF -> "NOT EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY("
                    + param(uuids(r.value()), "uuid[]") + "))";
            case ALL_OF -> {
                // the ids are distinct (the parser made them so): all of them are there when as many rows match
                String ids = param(uuids(r.value()), "uuid[]");
                yield "(SELECT count(*) FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY(" + ids + ")) = cardinality("
                        + ids + ")";
            }
        };
    }

    private static String sqlType(FieldType type) {
        return switch (type) {
            case TEXT -> "text";
            case BOOLEAN -> "boolean";
            case NUMBER -> "int";
            case DATE -> "date";
            case INSTANT -> "timestamptz";
            case TAGS -> "uuid[]";
        };
    }

    @SuppressWarnings("unchecked")
    private static String[] texts(Object value) {
        return ((List<String>) value).toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static UUID[] uuids(Object value) {
        return ((List<UUID>) value).toArray(UUID[]::new);
    }
}
