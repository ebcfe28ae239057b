package io.dnwerks.delivery.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request a gateway made to one of our webhooks, as it came: which webhook, the method, the public URL
 * it called (scheme, host, path and query, as the gateway saw it: Twilio signs it), the headers
 * (names lower case), the query and the raw body.
 */
public record WebhookRequest(Kind kind, String method, String url, Map<String, String> headers,
                             Map<String, List<String>> query, byte[] body) {

    public enum Kind { RECEIPTS, INBOUND }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body read as application/x-www-form-urlencoded, in order; a name given twice keeps each value. */
    public Map<String, List<String>> form() {
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    /** Parses {@code a=1&b=2} (either a query string or a form body); a malformed escape fails with IllegalArgumentException. */
    public static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
