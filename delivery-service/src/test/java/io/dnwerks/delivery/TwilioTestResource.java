package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.TwilioStandIn;
import io.dnwerks.localstack.DemoClock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** delivery-service sending through the Twilio adapter to {@link TwilioStandIn}, the default sender on it. */
public class TwilioTestResource implements QuarkusTestResourceLifecycleManager {

    static final String ACCOUNT = "AC00000000000000000000000000000001";
    static final String TOKEN = "test-only-twilio-token";
    static final String FROM = "+15005550006";
    static TwilioStandIn twilio;

    @Override
    public Map<String, String> start() {
        try {
            twilio = new TwilioStandIn(ACCOUNT, TOKEN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("dnwerks.gateways.twilio.twilio.base-url", "http://127.0.0.1:" + twilio.port(),
                "dnwerks.gateways.twilio.twilio.account-sid", ACCOUNT,
                "dnwerks.gateways.twilio.twilio.auth-token", TOKEN,
                "dnwerks.senders.default.gateway", "twilio",
                "dnwerks.senders.default.from", FROM,
                "dnwerks.dispatch.enabled", "true",
                "dnwerks.quiet-hours.clock-offset", DemoClock.middayInEurope());
    }

    @Override
    public void stop() {
        if (twilio != null) {
            twilio.close();
        }
    }
}
