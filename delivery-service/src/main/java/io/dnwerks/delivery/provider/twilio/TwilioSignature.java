package io.dnwerks.delivery.provider.twilio;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's X-Twilio-Signature: Base64 of HMAC-SHA1, keyed with the auth token, over the full URL Twilio
 * called (scheme, host, path, query) followed by every POST parameter, sorted by name, as name + value
 * with no separators. As twilio-java's RequestValidator does, the URL is also tried with the default
 * port added or taken away, since proxies differ in what they pass on.
 */
public final class TwilioSignature {

    private final byte[] token;

    public TwilioSignature(String authToken) {
        this.token = authToken.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature Twilio sends for this URL and these form parameters. */
    public String sign(String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> {
            // a name posted several times: each value, in sorted order (twilio-java sorts them too)
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(null);
            sorted.forEach(v -> data.append(name).append(v));
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is Twilio's for the URL (with or without its default port) and parameters; compared in constant time. */
    public boolean valid(String url, Map<String, List<String>> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        for (String candidate : urlVariants(url)) {
            if (MessageDigest.isEqual(sign(candidate, params).getBytes(StandardCharsets.US_ASCII), given)) {
                return true;
            }
        }
        return false;
    }

    static List<String> urlVariants(String url) {
        List<String> out = new ArrayList<>(List.of(url));
        try {
            URI u = URI.create(url);
            int defaultPort = "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
            if (defaultPort < 0 || u.getHost() == null) {
                return out;
            }
            String rest = (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            String base = u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@") + u.getHost();
            if (u.getPort() == defaultPort) {
                out.add(base + rest);
            } else if (u.getPort() == -1) {
                out.add(base + ":" + defaultPort + rest);
            }
        } catch (IllegalArgumentException notAUri) {
            // only the URL as given
        }
        return out;
    }
}
