package io.dnwerks.campaign.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{variable}}} placeholders a message may use. They are filled per recipient by
 * delivery-service from what AudienceBatch carries, so only these are known.
 */
public final class MessageVariables {

    public static final List<String> KNOWN = List.of("firstName", "lastName");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

    private MessageVariables() {
    }

    public static Set<String> usedIn(String text) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }

    public static Set<String> unknownIn(String text) {
        Set<String> unknown = usedIn(text);
        unknown.removeAll(KNOWN);
        return unknown;
    }
}
