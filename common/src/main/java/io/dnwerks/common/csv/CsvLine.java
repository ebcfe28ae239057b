package io.dnwerks.common.csv;

import java.util.List;

/**
 * One line of CSV as RFC 4180 writes it: fields joined by commas, a field with a comma, a quote or a
 * line break quoted (its quotes doubled), CRLF at the end. A text cell that a spreadsheet would run as
 * a formula (one starting with {@code =}, {@code @}, a tab or a carriage return, or with {@code +} or
 * {@code -} and not a number such as a phone number, masked or not) is prefixed with an apostrophe, as OWASP's CSV
 * injection advice has it, so an export opened in Excel runs nothing a customer typed into their name.
 */
public final class CsvLine {

    private CsvLine() {
    }

    public static String of(List<?> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object f = fields.get(i);
            if (f != null) {
                append(out, f instanceof String s ? guarded(s) : f.toString());
            }
        }
        return out.append("\r\n").toString();
    }

    static String guarded(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        boolean formula = c == '=' || c == '@' || c == '\t' || c == '\r'
                || ((c == '+' || c == '-') && !s.matches("[+-][0-9][0-9 ().*-]*"));
        return formula ? "'" + s : s;
    }

    private static void append(StringBuilder out, String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (!quote) {
            out.append(s);
            return;
        }
        out.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
}
