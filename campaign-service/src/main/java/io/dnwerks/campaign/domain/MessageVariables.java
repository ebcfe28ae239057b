package io.dnwerks.campaign.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code {{variable}}} placeholders a message may use. They are filled per recipient by
 * delivery-service from what AudienceBatch carries, so only these are known.
 * <p>
 * Placeholders are found in one pass over the text, each {@code {{} matched with the next
 * {@code }}}: a regular expression with lazy and optional spaces took 9.5 s on the event loop
 * for a {@code {{} followed by 1,590 spaces.
 */
public final class MessageVariables {

    public static final List<String> KNOWN = List.of("firstName", "lastName");

    private MessageVariables() {
    }

    /** The names between {@code {{} and {@code }}}, spaces around them dropped, in order of first use. */
    public static Set<String> usedIn(String text) {
        Set<String> used = new LinkedHashSet<>();
        int from = 0;
        while (true) {
            int open = text.indexOf("{{", from);
            if (open < 0) {
                return used;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                return used; // an unclosed {{ is reported by unclosedAt
            }
            used.add(text.substring(open + 2, close).strip());
            from = close + 2;
        }
    }

    public static Set<String> unknownIn(String text) {
        Set<String> unknown = usedIn(text);
        unknown.removeAll(KNOWN);
        return unknown;
    }

    /** Where a {@code {{} that no {@code }}} follows starts, or -1 when every placeholder is closed. */
    public static int unclosedAt(String text) {
        int from = 0;
        while (true) {
            int open = text.indexOf("{{", from);
            if (open < 0) {
                return -1;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                return open;
            }
            from = close + 2;
        }
    }

    /** What is wrong with a text's placeholders as written (a {@code {{} left open), or null. */
    public static String unclosedProblemIn(String text) {
        int unclosed = unclosedAt(text);
        return unclosed < 0 ? null : "has a {{ at character " + (unclosed + 1) + " that is never closed with }}";
    }

    /** The reason a text's placeholders cannot be filled in (left open, or unknown), or null when they can. */
    public static String problemIn(String text) {
        String unclosed = unclosedProblemIn(text);
        if (unclosed != null) {
            return unclosed;
        }
        Set<String> unknown = unknownIn(text);
        return unknown.isEmpty() ? null
                : "unknown variable " + unknown.stream().map(v -> "{{" + v + "}}").toList() + "; known: " + KNOWN;
    }
}
