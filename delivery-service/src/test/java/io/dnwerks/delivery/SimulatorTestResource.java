package io.dnwerks.delivery;

import io.dnwerks.simulator.SimulatorConfig;
import io.dnwerks.simulator.SmsSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * A real simulator on a free port: phones ending in 99 are rejected, in 98 fail twice before being
 * accepted, in 97 are accepted but never delivered.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static SmsSimulator.Running simulator;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            int port = s.getLocalPort();
            s.close();
            simulator = SmsSimulator.start(port, new SimulatorConfig(0, 0, 0, 0, 0, 100, List.of("99"), List.of("98"), 2,
                    List.of("97"), 1, 50), "test-only-not-a-secret"); // receipts in batches of up to 50
            return Map.of("dnwerks.providers.simulator.url", "http://127.0.0.1:" + port, "dnwerks.dispatch.enabled", "true");
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
