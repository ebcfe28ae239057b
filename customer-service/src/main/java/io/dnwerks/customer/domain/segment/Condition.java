package io.dnwerks.customer.domain.segment;

import java.util.List;

/**
 * A segment's conditions, parsed and checked ({@link Conditions#parse}): groups of rules on customer
 * fields. Compiled to SQL by {@link ConditionSql}.
 */
public sealed interface Condition {

    /**
     * Whether the same customer can match today and not tomorrow with nothing about them changed
     * (within the last N days, birthdays, age): such segments are refreshed on a schedule, the others
     * only change when a customer does.
     */
    default boolean relativeToTime() {
        if (this instanceof Group g) {
            return g.children().stream().anyMatch(Condition::relativeToTime);
        }
        if (this instanceof Not n) {
            return n.child().relativeToTime();
        }
        Rule r = (Rule) this;
        return r.op().relativeToTime || r.field() == SegmentField.AGE;
    }

    /** Every child holds ({@code all}, true when empty) or at least one does ({@code any}). */
    record Group(boolean all, List<Condition> children) implements Condition {
        public Group {
            children = List.copyOf(children);
        }
    }

    /** The child does not hold (a rule on a field without a value does not hold, so its negation does). */
    record Not(Condition child) implements Condition {
    }

    /**
     * One comparison; {@code value} is what the operator takes, already checked: a String, Boolean,
     * Integer, LocalDate, OffsetDateTime, a List of Strings or of UUIDs, or null.
     */
    record Rule(SegmentField field, ConditionOperator op, Object value) implements Condition {
    }
}
