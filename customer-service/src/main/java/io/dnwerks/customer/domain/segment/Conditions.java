package io.dnwerks.customer.domain.segment;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a segment's {@code conditions} (JSON) into a {@link Condition}, checking everything a
 * compiled predicate relies on; the first problem is thrown with its JSON path.
 *
 * <pre>
 * {"all": [
 *   {"field": "smsConsent", "op": "equals", "value": true},
 *   {"any": [{"field": "tags", "op": "anyOf", "value": ["…uuid…"]},
 *            {"field": "createdAt", "op": "withinLastDays", "value": 30}]},
 *   {"not": {"field": "preferredLanguage", "op": "in", "value": ["fr", "it"]}}
 * ]}
 * </pre>
 */
public final class Conditions {

    /** Nesting deeper than this is not a marketer's segment but a mistake (or an attack on the parser). */
    public static final int MAX_DEPTH = 8;
    public static final int MAX_RULES = 100;
    public static final int MAX_LIST = 1_000;
    public static final int MAX_TEXT = 255;
    public static final int MAX_DAYS = 36_600;

    private int rules;

    private Conditions() {
    }

    public static Condition parse(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new InvalidConditionException("$", "conditions are required: an object such as {\"all\": [...]}");
        }
        return new Conditions().node(root, "$", 1);
    }

    private Condition node(JsonNode n, String path, int depth) {
        if (!n.isObject()) {
            throw new InvalidConditionException(path, "must be an object: a group (all, any, not) or a rule (field, op, value)");
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidConditionException(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (n.has("all") || n.has("any")) {
            String kind = n.has("all") ? "all" : "any";
            onlyKeys(n, path, Set.of(kind));
            JsonNode list = n.get(kind);
            if (!list.isArray()) {
                throw new InvalidConditionException(path + "." + kind, "must be an array of conditions");
            }
            if (kind.equals("any") && list.isEmpty()) {
                throw new InvalidConditionException(path + ".any", "needs at least one condition");
            }
            List<Condition> children = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                children.add(node(list.get(i), path + "." + kind + "[" + i + "]", depth + 1));
            }
            return new Condition.Group(kind.equals("all"), children);
        }
        if (n.has("not")) {
            onlyKeys(n, path, Set.of("not"));
            return new Condition.Not(node(n.get("not"), path + ".not", depth + 1));
        }
        if (n.has("field") || n.has("op")) {
            return rule(n, path);
        }
        throw new InvalidConditionException(path, "must hold one of all, any, not, or a rule's field and op");
    }

    private Condition rule(JsonNode n, String path) {
        onlyKeys(n, path, Set.of("field", "op", "value"));
        if (++rules > MAX_RULES) {
            throw new InvalidConditionException(path, "more than " + MAX_RULES + " rules");
        }
        JsonNode f = n.get("field");
        if (f == null || !f.isTextual()) {
            throw new InvalidConditionException(path + ".field", "is required: one of " + SegmentField.names());
        }
        SegmentField field = SegmentField.byApiName(f.asText())
                .orElseThrow(() -> new InvalidConditionException(path + ".field", "unknown field '" + clip(f.asText()) + "'; one of "
                        + SegmentField.names()));
        JsonNode o = n.get("op");
        if (o == null || !o.isTextual()) {
            throw new InvalidConditionException(path + ".op", "is required: for " + field.apiName + " one of "
                    + ConditionOperator.namesFor(field.type));
        }
        ConditionOperator op = ConditionOperator.byApiName(o.asText())
                .filter(x -> x.types.contains(field.type))
                .orElseThrow(() -> new InvalidConditionException(path + ".op", "'" + clip(o.asText()) + "' does not apply to "
                        + field.apiName + "; one of " + ConditionOperator.namesFor(field.type)));
        return new Condition.Rule(field, op, value(field, op, n.get("value"), path + ".value"));
    }

    private static Object value(SegmentField field, ConditionOperator op, JsonNode v, String path) {
        switch (op) {
            case IS_EMPTY, BIRTHDAY_THIS_MONTH -> {
                if (v != null && !v.isNull()) {
                    throw new InvalidConditionException(path, op.apiName + " takes no value");
                }
                return null;
            }
            case WITHIN_LAST_DAYS, BIRTHDAY_WITHIN_DAYS -> {
                return days(v, path, op == ConditionOperator.WITHIN_LAST_DAYS ? 1 : 0);
            }
            case IN -> {
                return texts(v, path);
            }
            case ANY_OF, ALL_OF, NONE_OF -> {
                return tagIds(v, path);
            }
            default -> {
                return single(field, v, path);
            }
        }
    }

    private static Object single(SegmentField field, JsonNode v, String path) {
        if (v == null || v.isNull()) {
            throw new InvalidConditionException(path, "is required");
        }
        return switch (field.type) {
            case TEXT -> text(v, path);
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new InvalidConditionException(path, "must be true or false");
                }
                yield v.booleanValue();
            }
            case NUMBER -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw new InvalidConditionException(path, "must be a whole number");
                }
                // age is the only number: years a person can have, so that its date ranges stay dates
                if (v.intValue() < 0 || v.intValue() > MAX_AGE) {
                    throw new InvalidConditionException(path, "must be between 0 and " + MAX_AGE);
                }
                yield v.intValue();
            }
            case DATE -> {
                try {
                    yield LocalDate.parse(textual(v, path));
                } catch (DateTimeParseException e) {
                    throw new InvalidConditionException(path, "must be a date such as 1990-04-30");
                }
            }
            case INSTANT -> {
                try {
                    yield OffsetDateTime.parse(textual(v, path));
                } catch (DateTimeParseException e) {
                    throw new InvalidConditionException(path, "must be an instant with its offset, such as 2026-12-01T00:00:00Z");
                }
            }
            case TAGS -> throw new IllegalStateException("tags take lists");
        };
    }

    /** The oldest age a condition can name. */
    static final int MAX_AGE = 150;

    private static String textual(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw new InvalidConditionException(path, "must be a string");
        }
        return v.asText();
    }

    private static String text(JsonNode v, String path) {
        String s = textual(v, path);
        if (s.isEmpty()) {
            throw new InvalidConditionException(path, "must not be empty (isEmpty finds customers without a value)");
        }
        if (s.length() > MAX_TEXT) {
            throw new InvalidConditionException(path, "longer than " + MAX_TEXT + " characters");
        }
        if (s.indexOf('\u0000') >= 0) {
            throw new InvalidConditionException(path, "must not contain NUL characters");
        }
        return s;
    }

    private static int days(JsonNode v, String path, int least) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < least || v.intValue() > MAX_DAYS) {
            throw new InvalidConditionException(path, "must be a whole number of days from " + least + " to " + MAX_DAYS);
        }
        return v.intValue();
    }

    private static JsonNode list(JsonNode v, String path) {
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new InvalidConditionException(path, "must be a non-empty array");
        }
        if (v.size() > MAX_LIST) {
            throw new InvalidConditionException(path, "more than " + MAX_LIST + " values");
        }
        return v;
    }

    private static List<String> texts(JsonNode v, String path) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode l = list(v, path);
        for (int i = 0; i < l.size(); i++) {
            out.add(text(l.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static List<UUID> tagIds(JsonNode v, String path) {
        Set<UUID> out = new LinkedHashSet<>();
        JsonNode l = list(v, path);
        for (int i = 0; i < l.size(); i++) {
            try {
                String id = textual(l.get(i), path + "[" + i + "]");
                if (id.length() != 36) {
                    throw new IllegalArgumentException(id); // fromString takes short forms such as 1-1-1-1-1
                }
                out.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw new InvalidConditionException(path + "[" + i + "]", "must be a tag id (a UUID)");
            }
        }
        return List.copyOf(out);
    }

    private static void onlyKeys(JsonNode n, String path, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new InvalidConditionException(path + "." + clip(k), "unexpected here; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** a caller's text echoed in an answer: short, whatever was sent */
    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
