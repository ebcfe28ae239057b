package io.dnwerks.delivery;

import io.dnwerks.simulator.SimulatorConfig;
import io.dnwerks.simulator.SmsSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.dnwerks.localstack.DemoClock;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real simulator on a free port: phones ending in 99 are rejected, in 98 fail twice before being
 * accepted, in 97 are accepted but never delivered. delivery-service's quiet-hours clock is at noon in
 * Berlin (the tests' German numbers inside their window whenever they run), or at the instant given as
 * init argument {@code clockAt}.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static SmsSimulator.Running simulator;
    /** How far delivery-service's quiet-hours clock is ahead of (or behind) the real one: deadlines are judged by it. */
    static volatile Duration clock = Duration.ZERO;
    private String clockOffset = DemoClock.middayInEurope();

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey("clockAt")) {
            clockOffset = Duration.between(Instant.now(), Instant.parse(initArgs.get("clockAt"))).toString();
        }
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            int port = s.getLocalPort();
            s.close();
            simulator = SmsSimulator.start(port, new SimulatorConfig(0, 0, 0, 0, 0, 100, List.of("99"), List.of("98"), 2,
                    List.of("97"), 1, 50), "test-only-not-a-secret"); // receipts in batches of up to 50
            clock = Duration.parse(clockOffset);
            return Map.of("dnwerks.gateways.simulator.simulator.url", "http://127.0.0.1:" + port, "dnwerks.dispatch.enabled", "true",
                    "dnwerks.quiet-hours.clock-offset", clockOffset);
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
