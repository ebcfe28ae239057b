package io.dnwerks.delivery.provider.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import jakarta.ws.rs.core.Response;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How the simulator signs what it posts to us (receipts and inbound messages): HMAC-SHA256 of
 * {@code <timestamp>.<body>} with the webhook secret, hex in X-Simulator-Signature, the timestamp
 * (seconds since the epoch) in X-Simulator-Timestamp. Without a configured secret nothing is trusted;
 * a timestamp further than the gateway's webhook-max-age (5 minutes) from now is refused, so that a
 * request captured on the way cannot be replayed later.
 */
public class SimulatorSignature {

    public static final String TIMESTAMP_HEADER = "X-Simulator-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Simulator-Signature";

    private final Optional<String> secret;
    private final Duration maxAge;

    private final String gateway;

    public SimulatorSignature(String gateway, Optional<String> secret, Duration maxAge) {
        this.gateway = gateway;
        this.secret = secret;
        this.maxAge = maxAge;
    }

    /** @throws ApiException 401 for a missing, wrong or stale signature, 503 when no secret is configured */
    public void verify(byte[] body, String timestamp, String signature) {
        String key = secret.filter(s -> !s.isBlank()).orElseThrow(() -> new ApiException(Problem.of(
                Response.Status.SERVICE_UNAVAILABLE, "webhook-not-configured", "dnwerks.gateways.simulator." + gateway + ".webhook-secret is not set")));
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("the request has no " + TIMESTAMP_HEADER + " (seconds since the epoch)");
        }
        if (signature == null || !MessageDigest.isEqual(hmac(key, (sentAt + ".").getBytes(StandardCharsets.US_ASCII), body)
                .getBytes(StandardCharsets.US_ASCII), signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            throw unauthorized("the request's signature does not match");
        }
        if (Math.abs(Instant.now().getEpochSecond() - sentAt) > maxAge.toSeconds()) {
            throw unauthorized("the request's timestamp is more than " + maxAge.toMinutes() + " minutes from now");
        }
    }

    /** Verifies the request, then reads its body as the JSON object every simulator webhook takes. */
    public JsonNode verifiedObject(byte[] body, String timestamp, String signature, ObjectMapper json) {
        verify(body, timestamp, signature);
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiException.invalid("body", "is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        return node;
    }

    /** A field of a webhook's JSON as text; null when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(Problem.of(Response.Status.UNAUTHORIZED, "bad-signature", detail));
    }

    public static String hmac(String secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
