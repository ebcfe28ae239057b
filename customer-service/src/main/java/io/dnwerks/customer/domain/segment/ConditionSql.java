package io.dnwerks.customer.domain.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compiles a {@link Condition} to one SQL predicate over customers (alias {@code c}) with numbered
 * parameters: every value the caller sent is a parameter, never text in the SQL. A customer without
 * a value (NULL) fails a rule and passes its {@code not}, as a marketer reads "not in France" to
 * include those of unknown country: so a rule under a {@code not} is wrapped in {@code IS TRUE}.
 * Elsewhere it is left bare, where NULL and false come to the same (AND and OR never turn a NULL
 * into true) and the planner can use an index for it, which it cannot for {@code IS TRUE}. Tag rules
 * are never NULL and never wrapped, so that a {@code not} of one is still an anti-join. Ages are
 * ranges of {@code date_of_birth}, not {@code age()} computed for every customer.
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
        String sql = c.sql(condition, false);
        return new Predicate(sql, c.params);
    }

    /** @param negated under a {@code not}, however deep: where a NULL must count as false before it is negated */
    private String sql(Condition condition, boolean negated) {
        if (condition instanceof Condition.Group g) {
            if (g.children().isEmpty()) {
                return "TRUE"; // all of nothing: everyone (an empty any is refused when parsed)
            }
            List<String> parts = g.children().stream().map(child -> sql(child, negated)).toList();
            return "(" + String.join(g.all() ? " AND " : " OR ", parts) + ")";
        }
        if (condition instanceof Condition.Not n) {
            return "(NOT " + sql(n.child(), true) + ")";
        }
        Condition.Rule r = (Condition.Rule) condition;
        boolean neverNull = r.field().type == FieldType.TAGS;
        return negated && !neverNull ? "(" + rule(r) + ") IS TRUE" : "(" + rule(r) + ")";
    }

    private String param(Object value, String type) {
        params.add(value);
        // cast(), not ::, so that the predicate reads the same through a Hibernate session's native query
        return "cast($" + (first + params.size() - 1) + " AS " + type + ")";
    }

    private String rule(Condition.Rule r) {
        SegmentField f = r.field();
        if (f == SegmentField.AGE) {
            return age(r);
        }
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

    /**
     * Whole years reached today, as a range of the date of birth: N years or more is born on or before
     * today less N years (a 29 February birthday is reached on 1 March in other years, as age() has it).
     */
    private String age(Condition.Rule r) {
        String dob = "c.date_of_birth";
        if (r.op() == ConditionOperator.IS_EMPTY) {
            return dob + " IS NULL";
        }
        int years = (Integer) r.value();
        return switch (r.op()) {
            case GTE -> dob + " <= " + yearsAgo(years);
            case GT -> dob + " <= " + yearsAgo(years + 1);
            case LTE -> dob + " > " + yearsAgo(years + 1);
            case LT -> dob + " > " + yearsAgo(years);
            case EQUALS -> dob + " > " + yearsAgo(years + 1) + " AND " + dob + " <= " + yearsAgo(years);
            case NOT_EQUALS -> "(" + dob + " > " + yearsAgo(years) + " OR " + dob + " <= " + yearsAgo(years + 1) + ")";
            default -> throw new IllegalStateException(r.op() + " is not an operator of age");
        };
    }

    private String yearsAgo(int years) {
        return "cast(current_date - make_interval(years => " + param(years, "int") + ") AS date)";
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
