package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.SmscStandIn;
import io.dnwerks.localstack.DemoClock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** delivery-service on an SMPP gateway "operator" bound to {@link SmscStandIn}; ids compared as strings (no msg-id-type). */
public class SmscStandInTestResource implements QuarkusTestResourceLifecycleManager {

    static final String FROM = "+15005550009";
    static SmscStandIn smsc;

    @Override
    public Map<String, String> start() {
        try {
            smsc = new SmscStandIn("dnwerks", "secret1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("dnwerks.gateways.smpp.operator.host", "127.0.0.1",
                "dnwerks.gateways.smpp.operator.port", String.valueOf(smsc.port()),
                "dnwerks.gateways.smpp.operator.system-id", "dnwerks",
                "dnwerks.gateways.smpp.operator.password", "secret1",
                "dnwerks.gateways.smpp.operator.long-messages", "udh16",
                "dnwerks.senders.default.gateway", "operator",
                "dnwerks.senders.default.from", FROM,
                "dnwerks.dispatch.enabled", "true",
                "dnwerks.quiet-hours.clock-offset", DemoClock.middayInEurope());
    }

    @Override
    public void stop() {
        try {
            if (smsc != null) {
                smsc.close();
            }
        } catch (Exception ignored) {
            // ends with the JVM
        }
    }
}
