package io.dnwerks.common.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityGuardTest {

    @Test
    void aStartWithoutIssuerOrKeyOrNamedProxiesIsRefusedNamingEachSetting() {
        List<String> problems = SecurityGuard.problems(Optional.empty(), Optional.of(" "), true, Optional.empty());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("JWT_ISSUER"));
        assertTrue(problems.get(1).startsWith("JWT_PUBLIC_KEY_LOCATION"));
        assertTrue(problems.get(2).startsWith("HTTP_BEHIND_PROXY=true needs HTTP_TRUSTED_PROXIES"));
    }

    @Test
    void aConfiguredStartPasses() {
        assertEquals(List.of(), SecurityGuard.problems(Optional.of("https://id.example"), Optional.of("https://id.example/jwks"),
                true, Optional.of("10.0.0.0/8")));
        assertEquals(List.of(), SecurityGuard.problems(Optional.of("https://id.example"), Optional.of("file:/keys/pub.pem"),
                false, Optional.empty()));
    }
}
