package io.dnwerks.customer.domain.segment;

import java.util.List;

/**
 * A segment's conditions, parsed and checked ({@link Conditions#parse}): groups of rules on customer
 * fields. Compiled to SQL by {@link ConditionSql}.
 */
public sealed interface Condition {

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
