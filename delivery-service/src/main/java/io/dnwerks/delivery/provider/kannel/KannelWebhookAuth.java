package io.dnwerks.delivery.provider.kannel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Kannel signs nothing it calls, so we do: each delivery-report URL we hand it carries {@code sig}, an
 * HMAC-SHA256 of the message id under the gateway's secret (a report for another message cannot be
 * forged from it, and the secret itself is never in a URL Kannel logs); the MO get-url, which the
 * operator writes into Kannel's configuration, carries the secret as {@code token}.
 */
final class KannelWebhookAuth {

    private final byte[] secret;

    KannelWebhookAuth(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    String signatureOf(String messageId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(messageId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean validReport(String messageId, String sig) {
        return messageId != null && sig != null && MessageDigest.isEqual(signatureOf(messageId).getBytes(StandardCharsets.UTF_8),
                sig.getBytes(StandardCharsets.UTF_8));
    }

    boolean validToken(String token) {
        return token != null && MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8));
    }
}
