package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.KannelStandIn;
import io.dnwerks.localstack.DemoClock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** delivery-service sending through the Kannel adapter to {@link KannelStandIn}, the default sender on it. */
public class KannelTestResource implements QuarkusTestResourceLifecycleManager {

    static final String USER = "dnwerks";
    static final String PASSWORD = "test-only-kannel-password";
    static final String SECRET = "test-only-kannel-webhook-secret";
    static final String FROM = "+15005550007";
    static KannelStandIn kannel;

    @Override
    public Map<String, String> start() {
        try {
            kannel = new KannelStandIn(USER, PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("dnwerks.gateways.kannel.kannel.sendsms-url", kannel.sendsmsUrl(),
                "dnwerks.gateways.kannel.kannel.username", USER,
                "dnwerks.gateways.kannel.kannel.password", PASSWORD,
                "dnwerks.gateways.kannel.kannel.webhook-secret", SECRET,
                "dnwerks.senders.default.gateway", "kannel",
                "dnwerks.senders.default.from", FROM,
                "dnwerks.dispatch.enabled", "true",
                "dnwerks.quiet-hours.clock-offset", DemoClock.middayInEurope());
    }

    @Override
    public void stop() {
        if (kannel != null) {
            kannel.close();
        }
    }
}
