package io.dnwerks.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs RS256 JWTs with the dev key, shaped the way smallrye-jwt reads them: the role in
 * {@code groups}, the user's UUID in {@code sub}. Plain JDK so that the launcher needs no library.
 */
public final class DevTokens {

    public static final String ISSUER = "https://dnwerks.local/dev";
    public static final String AUDIENCE = "dnwerks";

    private final DevKeys keys;

    public DevTokens(DevKeys keys) {
        this.keys = keys;
    }

    /** A stable user id per role, so that audit entries of one dev role always name the same user. */
    public static UUID devUserId(String role) {
        return UUID.nameUUIDFromBytes(("dnwerks-dev-" + role).getBytes(StandardCharsets.UTF_8));
    }

    public String issue(String role, Duration ttl) {
        return issue(devUserId(role), role, ttl);
    }

    public String issue(UUID subject, String role, Duration ttl) {
        Instant now = Instant.now();
        return sign(claims(ISSUER, subject, role, now, now.plus(ttl)));
    }

    /** The claims of a token as an identity provider would write them; tests vary the issuer and the times. */
    public static String claims(String issuer, UUID subject, String role, Instant issuedAt, Instant expiresAt) {
        return "{"
                + "\"iss\":\"" + issuer + "\","
                + "\"aud\":\"" + AUDIENCE + "\","
                + "\"sub\":\"" + subject + "\","
                + "\"upn\":\"dev-" + role + "@dnwerks.local\","
                + "\"groups\":[\"" + role + "\"],"
                + "\"iat\":" + issuedAt.getEpochSecond() + ","
                + "\"exp\":" + expiresAt.getEpochSecond() + ","
                + "\"jti\":\"" + UUID.randomUUID() + "\""
                + "}";
    }

    /** An RS256 token over {@code claims}, signed with the dev key. */
    public String sign(String claims) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
