package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.TcpProxy;
import io.dnwerks.localstack.DemoClock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jsmpp.examples.SMPPServerSimulator;

import java.net.ServerSocket;
import java.util.Map;

/**
 * delivery-service sending over SMPP to jsmpp's own SMSC simulator (a real SMPP 3.4 peer: it binds,
 * answers submit_sm with hex ids, sends DELIVRD receipts with decimal ids a second later and one MO
 * after the bind), reached through a {@link TcpProxy} the tests can cut.
 */
public class SmppTestResource implements QuarkusTestResourceLifecycleManager {

    static final String SYSTEM_ID = "j";
    static final String PASSWORD = "jpwd";
    static final String FROM = "+15005550008";
    static TcpProxy link;

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Thread smsc = new Thread(new SMPPServerSimulator(false, port, SYSTEM_ID, PASSWORD), "jsmpp-smsc-simulator");
            smsc.setDaemon(true); // it has no stop of its own; it ends with the test JVM
            smsc.start();
            link = new TcpProxy(port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.ofEntries(Map.entry("dnwerks.gateways.smpp.smsc.host", "127.0.0.1"),
                Map.entry("dnwerks.gateways.smpp.smsc.port", String.valueOf(link.port())),
                Map.entry("dnwerks.gateways.smpp.smsc.system-id", SYSTEM_ID),
                Map.entry("dnwerks.gateways.smpp.smsc.password", PASSWORD),
                Map.entry("dnwerks.gateways.smpp.smsc.msg-id-type", "1"), // the simulator: hex resp ids, decimal receipt ids
                Map.entry("dnwerks.gateways.smpp.smsc.reconnect-delay", "PT0.2S"),
                Map.entry("dnwerks.senders.default.gateway", "smsc"),
                Map.entry("dnwerks.senders.default.from", FROM),
                Map.entry("dnwerks.dispatch.enabled", "true"),
                Map.entry("dnwerks.quiet-hours.clock-offset", DemoClock.middayInEurope()));
    }

    @Override
    public void stop() {
        try {
            if (link != null) {
                link.close();
            }
        } catch (Exception ignored) {
            // the JVM ends with it
        }
    }
}
