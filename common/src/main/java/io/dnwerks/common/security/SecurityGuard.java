package io.dnwerks.common.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to start a service that would take requests without knowing whose tokens to trust: no
 * issuer, no public key, or a proxy trusted for X-Forwarded-For without being named. Only dev mode
 * has defaults for these (the local dev key); every other start, {@code ./dnwerks up} included, must
 * say them, and a production start that forgot says so at once instead of refusing every caller.
 */
@ApplicationScoped
public class SecurityGuard {

    void check(@Observes StartupEvent event, Config config) {
        List<String> problems = problems(
                config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                        .or(() -> config.getOptionalValue("mp.jwt.verify.publickey", String.class)),
                config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Optional<String> issuer, Optional<String> publicKey, boolean behindProxy,
                                 Optional<String> trustedProxies) {
        List<String> problems = new ArrayList<>();
        if (issuer.filter(s -> !s.isBlank()).isEmpty()) {
            problems.add("JWT_ISSUER is not set (the iss of the tokens this service accepts)");
        }
        if (publicKey.filter(s -> !s.isBlank()).isEmpty()) {
            problems.add("JWT_PUBLIC_KEY_LOCATION is not set (the issuer's public key: a PEM or JWKS file or https URL)");
        }
        if (behindProxy && trustedProxies.filter(s -> !s.isBlank()).isEmpty()) {
            problems.add("HTTP_BEHIND_PROXY=true needs HTTP_TRUSTED_PROXIES (the proxies' addresses or CIDRs): "
                    + "anyone else could write the client address the audit trail records");
        }
        return problems;
    }
}
