package io.dnwerks.common.error;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns PostgreSQL constraint violations into answers the caller can act on: a duplicate is a 409,
 * a broken CHECK or NOT NULL a 400. The database's detail text is never echoed, since it carries
 * the offending value (a phone number, say); only the column is named.
 */
public final class DatabaseProblems {

    private static final Pattern KEY_COLUMNS = Pattern.compile("Key \\(([^)]+)\\)");

    public record Mapped(Problem problem) {
    }

    private DatabaseProblems() {
    }

    public static Mapped map(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return map(pg.getSqlState(), field(pg), pg.getConstraint());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                // Hibernate Reactive reports the server's error as an SQLException with its message only
                return map(sql.getSQLState(), fieldFromMessage(sql.getMessage()), constraintFromMessage(sql.getMessage()));
            }
        }
        return null;
    }

    private static Mapped map(String state, String field, String constraint) {
        return switch (state) {
            case "23505" -> new Mapped(Problem.of(Response.Status.CONFLICT, "duplicate", field + " is already taken")
                    .withErrors(List.of(new Problem.FieldError(field, "already exists"))));
            case "23503" -> new Mapped(Problem.of(Response.Status.CONFLICT, "reference", "a referenced record does not exist")
                    .withErrors(List.of(new Problem.FieldError(field, "refers to a missing record"))));
            case "23514", "23502", "23P01" -> new Mapped(Problem.of(Response.Status.BAD_REQUEST, "validation", "the request is not valid")
                    .withErrors(List.of(new Problem.FieldError(field, "violates " + (constraint == null ? "a rule of the database" : constraint)))));
            default -> state.startsWith("22")
                    ? new Mapped(Problem.of(Response.Status.BAD_REQUEST, "validation", "a value is out of range or malformed")
                    .withErrors(List.of(new Problem.FieldError(field, "out of range or malformed"))))
                    : null;
        };
    }

    private static String field(PgException pg) {
        if (pg.getColumn() != null) {
            return camel(pg.getColumn());
        }
        if (pg.getDetail() != null) {
            Matcher m = KEY_COLUMNS.matcher(pg.getDetail());
            if (m.find()) {
                String columns = m.group(1);
                // "lower(email::text)" names email; several columns name the last, the distinguishing one
                String[] parts = columns.split(",");
                String last = parts[parts.length - 1].trim().replaceAll(".*\\(|::.*|\\)", "");
                return camel(last);
            }
        }
        return pg.getConstraint() != null ? ConstraintFields.fieldOf(pg.getConstraint()) : "body";
    }

    private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");
    private static final Pattern COLUMN = Pattern.compile("column \"([^\"]+)\"");

    private static String constraintFromMessage(String message) {
        Matcher m = message == null ? null : CONSTRAINT.matcher(message);
        return m != null && m.find() ? m.group(1) : null;
    }

    /** Column from "null value in column "x"", else the field our index and constraint names encode. */
    private static String fieldFromMessage(String message) {
        if (message == null) {
            return "body";
        }
        Matcher column = COLUMN.matcher(message);
        if (column.find()) {
            return camel(column.group(1));
        }
        String constraint = constraintFromMessage(message);
        return constraint == null ? "body" : ConstraintFields.fieldOf(constraint);
    }

    static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
