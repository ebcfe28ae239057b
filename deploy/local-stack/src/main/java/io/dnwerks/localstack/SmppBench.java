package io.dnwerks.localstack;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMPP side of {@code ./dnwerks bench --gateway smpp}: jsmpp's own SMSC simulator
 * ({@code org.jsmpp.examples.SMPPServerSimulator}, the peer delivery-service's SMPP tests run against)
 * as a process of its own, and the baseline: that simulator under a plain jsmpp client that submits
 * as delivery-service's SMPP gateway does by default (one transceiver bind, {@value #WINDOW}
 * submit_sm outstanding, a receipt asked for each).
 */
final class SmppBench {

    /** jsmpp's simulator's default account, as delivery-service's SMPP tests use it. */
    static final String SYSTEM_ID = "j";
    static final String PASSWORD = "jpwd";
    /** delivery-service's dnwerks.gateways.smpp.<name>.window default: submit_sm outstanding on one bind */
    static final int WINDOW = 10;

    private SmppBench() {
    }

    /** delivery-service's environment for one SMPP gateway ({@code smsc}) on the simulator, as the default sender's. */
    static java.util.Map<String, String> deliveryEnv(int smscPort) {
        return java.util.Map.of("DNWERKS_GATEWAYS_SMPP_SMSC_HOST", "127.0.0.1",
                "DNWERKS_GATEWAYS_SMPP_SMSC_PORT", String.valueOf(smscPort),
                "DNWERKS_GATEWAYS_SMPP_SMSC_SYSTEM_ID", SYSTEM_ID,
                "DNWERKS_GATEWAYS_SMPP_SMSC_PASSWORD", PASSWORD,
                // the simulator: hex ids in submit_sm_resp, decimal in its receipts
                "DNWERKS_GATEWAYS_SMPP_SMSC_MSG_ID_TYPE", "1",
                "DEFAULT_SENDER_GATEWAY", "smsc",
                "DEFAULT_SENDER_FROM", "+15005550008");
    }

    /** jsmpp's SMSC simulator as a child process on {@code port}, logging to {@code home}/logs/smsc-simulator.log. */
    static final class Smsc implements AutoCloseable {
        private final Process process;

        private Smsc(Process process) {
            this.process = process;
        }

        ProcessHandle process() {
            return process.toHandle();
        }

        static Smsc start(Path home, int port) throws IOException, InterruptedException {
            Files.createDirectories(home.resolve("logs"));
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "-Djsmpp.simulator.port=" + port,
                    // its jar's simplelogger.properties traces every PDU, which would be the bottleneck measured
                    "-Dorg.slf4j.simpleLogger.log.org.jsmpp=warn", "-Djsmpp.client.systemId=" + SYSTEM_ID, "-Djsmpp.client.password=" + PASSWORD,
                    "-cp", System.getProperty("java.class.path"), "org.jsmpp.examples.SMPPServerSimulator");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/smsc-simulator.log").toFile())).start();
            OrphanGuard.get().watch(p.pid());
            Path log = home.resolve("logs/smsc-simulator.log");
            for (int i = 0; i < 100 && !listening(port); i++) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("jsmpp's SMSC simulator exited, see " + log);
                }
                Thread.sleep(100);
            }
            System.out.println("dnwerks: jsmpp's SMSC simulator on 127.0.0.1:" + port);
            return new Smsc(p);
        }

        /**
         * Whether something listens on {@code port}, found by failing to bind it rather than by
         * connecting: the simulator serves one connection at a time and would wait 30 s for a bind
         * on a probe before accepting the next.
         */
        private static boolean listening(int port) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress(port));
                return false;
            } catch (IOException inUse) {
                return true;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The baseline: {@code messages} submit_sm on one transceiver bind, {@value #WINDOW} outstanding
     * (a thread each: jsmpp's submit waits for its resp), each asking for a receipt; the receipts the
     * simulator sends back are acknowledged and counted.
     *
     * @return submit_sm answered a second
     */
    static double baseline(int port, int messages) throws Exception {
        SMPPSession session = new SMPPSession();
        AtomicLong receipts = new AtomicLong();
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) {
                receipts.incrementAndGet();
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
                return null;
            }
        });
        session.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, SYSTEM_ID, PASSWORD, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
        ExecutorService window = Executors.newFixedThreadPool(WINDOW);
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long t = System.nanoTime();
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int w = 0; w < WINDOW; w++) {
                senders.add(window.submit(() -> {
                    for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                        try {
                            session.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "15005550008",
                                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, String.format(Locale.ROOT, "4917%09d", i),
                                    new ESMClass(), (byte) 0, (byte) 1, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                                    (byte) 0, DataCodings.ZERO, (byte) 0,
                                    ("Hi Ana" + i + ", this is the benchmark.").getBytes(StandardCharsets.ISO_8859_1));
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
            double rate = messages / ((System.nanoTime() - t) / 1e9);
            if (failures.get() > 0) {
                System.out.println("SMPP baseline: " + failures.get() + " submit_sm failed");
            }
            return rate;
        } finally {
            window.shutdownNow();
            session.unbindAndClose();
        }
    }
}
