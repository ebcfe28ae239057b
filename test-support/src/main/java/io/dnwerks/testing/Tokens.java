package io.dnwerks.testing;

import io.dnwerks.localstack.DevTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Bearer tokens signed with the test key, as an identity provider would issue them, and the bad kinds an attacker makes. */
public final class Tokens {

    private Tokens() {
    }

    public static String bearer(String role) {
        return "Bearer " + tokens().issue(role, Duration.ofMinutes(30));
    }

    public static String bearer(UUID subject, String role) {
        return "Bearer " + tokens().issue(subject, role, Duration.ofMinutes(30));
    }

    /** Signed properly, but it ran out an hour ago. */
    public static String expired(String role) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return "Bearer " + tokens().sign(DevTokens.claims(DevTokens.ISSUER, DevTokens.devUserId(role), role, past,
                past.plus(Duration.ofHours(1))));
    }

    /** Signed with the right key by the wrong issuer. */
    public static String wrongIssuer(String role) {
        Instant now = Instant.now();
        return "Bearer " + tokens().sign(DevTokens.claims("https://issuer.example/other", DevTokens.devUserId(role), role, now,
                now.plus(Duration.ofMinutes(30))));
    }

    /** A viewer's valid token whose payload was edited to say admin, the signature kept. */
    public static String forged() {
        String[] parts = tokens().issue("viewer", Duration.ofMinutes(30)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[\"viewer\"]", "\"groups\":[\"admin\"]");
        return "Bearer " + parts[0] + "." + b64(payload) + "." + parts[2];
    }

    /** An admin's claims with "alg": "none" and no signature. */
    public static String algNone() {
        Instant now = Instant.now();
        String claims = DevTokens.claims(DevTokens.ISSUER, DevTokens.devUserId("admin"), "admin", now, now.plus(Duration.ofMinutes(30)));
        return "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".";
    }

    private static DevTokens tokens() {
        return new DevTokens(TestInfrastructure.get().keys());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
