package io.dnwerks.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * How the simulator signs what it posts to the platform (receipts, inbound messages): the time is
 * signed with the body, HMAC-SHA256 of {@code <timestamp>.<body>}, so that a request captured on the
 * way cannot be replayed later.
 */
final class WebhookSigning {

    private WebhookSigning() {
    }

    /** Adds X-Simulator-Timestamp and X-Simulator-Signature; nothing without a secret. */
    static void sign(HttpRequest<Buffer> request, String secret, Buffer payload) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        String timestamp = String.valueOf(java.time.Instant.now().getEpochSecond());
        request.putHeader("X-Simulator-Timestamp", timestamp);
        request.putHeader("X-Simulator-Signature", hmac(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), payload.getBytes()));
    }

    static String hmac(String secret, byte[] prefix, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
