package io.dnwerks.e2e;

import io.dnwerks.localstack.Launcher;
import io.dnwerks.localstack.Stack;

import java.util.Map;

/**
 * The whole suite as separate processes on free ports (see {@link Stack}), with a simulator whose
 * chosen phone numbers misbehave and delivery settings that make retries and leases quick.
 */
final class Suite implements AutoCloseable {

    final Stack stack;

    Suite() throws Exception {
        // 98: two transient failures then accepted; 99: rejected; 97: accepted, never delivered
        stack = new Stack(Stack.locateRoot(), "--reject-suffix 99 --flaky-suffix 98 --flaky-times 2 --undeliverable-suffix 97 --receipt-delay-ms 100",
                Map.of("delivery", Map.of(
                        // retry delays in seconds instead of minutes
                        "DNWERKS_DISPATCH_RETRY_DELAY_UNIT", "PT1S",
                        "DISPATCH_RATE_PER_SECOND", "400",
                        // a short lease, so that a stuck dispatcher's messages come back soon; the gateway's
                        // timeout must be at most half of it
                        "DNWERKS_DISPATCH_LEASE", "PT10S",
                        "DNWERKS_GATEWAYS_SIMULATOR_SIMULATOR_TIMEOUT", "PT4S",
                        // its German numbers inside their window whenever it runs; several campaigns reach
                        // the same customers here, which the frequency cap's own tests cover
                        io.dnwerks.localstack.DemoClock.OFFSET_VARIABLE, io.dnwerks.localstack.DemoClock.middayInEurope(),
                        "DNWERKS_FREQUENCY_CAP_LIMIT", "0")));
    }

    /** A second campaign-service on its own port, sharing the database and the broker with the first. */
    Launcher.ServiceProcess startSecondCampaignReplica() throws Exception {
        return stack.startReplica("campaign", "campaign-2");
    }

    String url(String service) {
        return stack.url(service);
    }

    String simulatorUrl() {
        return stack.simulatorUrl();
    }

    String bearer(String role) {
        return stack.bearer(role);
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
