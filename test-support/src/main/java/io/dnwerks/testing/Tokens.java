package io.dnwerks.testing;

import io.dnwerks.localstack.DevTokens;

import java.time.Duration;
import java.util.UUID;

/** Bearer tokens signed with the test key, as an identity provider would issue them. */
public final class Tokens {

    private Tokens() {
    }

    public static String bearer(String role) {
        return "Bearer " + new DevTokens(TestInfrastructure.get().keys()).issue(role, Duration.ofMinutes(30));
    }

    public static String bearer(UUID subject, String role) {
        return "Bearer " + new DevTokens(TestInfrastructure.get().keys()).issue(subject, role, Duration.ofMinutes(30));
    }
}
