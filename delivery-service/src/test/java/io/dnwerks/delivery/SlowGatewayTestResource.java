package io.dnwerks.delivery;

import io.dnwerks.localstack.Ports;
import io.dnwerks.simulator.SimulatorConfig;
import io.dnwerks.simulator.SmsSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;

/**
 * A real simulator that takes 1.5 s to answer each message, has no bulk endpoint in use and no
 * idempotency key (every attempt is texted), with a dispatch lease of 5 s: one round of 20 messages,
 * two at a time, would take 15 s, three leases.
 */
public class SlowGatewayTestResource implements QuarkusTestResourceLifecycleManager {

    static SmsSimulator.Running simulator;

    @Override
    public Map<String, String> start() {
        try {
            int port = Ports.free();
            simulator = SmsSimulator.start(port, new SimulatorConfig(1500, 0, 0, 0, 0, 100, List.of(), List.of(), 0, List.of(), 1, 1,
                    true), "test-only-not-a-secret");
            return Map.of("dnwerks.gateways.simulator.simulator.url", "http://127.0.0.1:" + port,
                    "dnwerks.gateways.simulator.simulator.batch-size", "1",
                    "dnwerks.gateways.simulator.simulator.timeout", "PT2S",
                    "dnwerks.dispatch.enabled", "true",
                    "dnwerks.dispatch.lease", "PT5S",
                    "dnwerks.dispatch.batch-size", "20",
                    "dnwerks.dispatch.concurrency", "2",
                    "dnwerks.dispatch.workers", "2",
                    "dnwerks.quiet-hours.clock-offset", io.dnwerks.localstack.DemoClock.middayInEurope());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
