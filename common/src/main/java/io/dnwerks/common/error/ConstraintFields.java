package io.dnwerks.common.error;

/**
 * Constraint and index names carry the field they guard: CHECKs are named
 * {@code ck_<table>__<column>}, unique constraints {@code uq_<table>__<column>}, unique indexes {@code idx_<table>_<column>} (the seed's names), so a
 * violation can be reported against the field that broke it. Unknown names are returned as they are.
 */
final class ConstraintFields {

    private ConstraintFields() {
    }

    static String fieldOf(String constraint) {
        if (constraint.startsWith("ck_") || constraint.startsWith("uq_")) {
            int sep = constraint.indexOf("__");
            if (sep > 0) {
                return DatabaseProblems.camel(constraint.substring(sep + 2));
            }
        }
        if (constraint.startsWith("idx_")) {
            // idx_customers_phone -> phone; idx_campaign_messages_external_id -> externalId
            String rest = constraint.substring(4);
            for (String table : TABLES) {
                if (rest.startsWith(table + "_")) {
                    return DatabaseProblems.camel(rest.substring(table.length() + 1));
                }
            }
        }
        return constraint;
    }

    /** Table names, longest first, so that "campaign_messages" wins over "campaigns". */
    private static final String[] TABLES = {"campaign_messages", "message_templates", "customer_segments",
            "segment_memberships", "customer_tags", "audit_logs", "customers", "campaigns", "tags"};
}
