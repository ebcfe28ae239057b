package io.dnwerks.e2e;

import io.dnwerks.localstack.DevKeys;
import io.dnwerks.localstack.DevTokens;
import io.dnwerks.localstack.KafkaServer;
import io.dnwerks.localstack.Launcher;
import io.dnwerks.localstack.Ports;
import io.dnwerks.localstack.PostgresServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite as separate processes on free ports: PostgreSQL, Kafka, the SMS simulator and the
 * four packaged services, each service as its own login role, exactly as ./dnwerks up runs them.
 */
final class Suite implements AutoCloseable {

    static final String WEBHOOK_SECRET = "e2e-only-not-a-secret";
    static final List<String> SERVICES = List.of("customer", "campaign", "delivery", "audit");

    final Path root;
    final Path home;
    final PostgresServer postgres;
    final Path kafkaData;
    KafkaServer kafka;
    final DevKeys keys;
    final Launcher.SimulatorProcess simulator;
    final int simulatorPort;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, Launcher.ServiceProcess> services = new LinkedHashMap<>();
    final Map<String, String> deliveryEnv;

    Suite() throws Exception {
        root = locateRoot();
        home = Files.createTempDirectory("dnwerks-e2e-");
        postgres = PostgresServer.start(0, null);
        kafkaData = home.resolve("kafka");
        kafka = KafkaServer.start(0, kafkaData);
        kafka.createTopics(Launcher.withDlqs(), 3);
        keys = DevKeys.loadOrCreate(home.resolve("keys"));
        simulatorPort = Ports.free();
        // 98: two transient failures then accepted; 99: rejected; 97: accepted, never delivered
        simulator = Launcher.SimulatorProcess.start(root, home, simulatorPort, WEBHOOK_SECRET,
                "--reject-suffix 99 --flaky-suffix 98 --flaky-times 2 --undeliverable-suffix 97 --receipt-delay-ms 100");
        for (String s : SERVICES) {
            ports.put(s, Ports.free());
        }
        deliveryEnv = Map.of(
                "SIMULATOR_URL", "http://127.0.0.1:" + simulatorPort,
                "SIMULATOR_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "RECEIPTS_BASE_URL", "http://127.0.0.1:" + ports.get("delivery"),
                // retry delays in seconds instead of minutes, and a pace slow enough to interrupt
                "DNWERKS_DISPATCH_RETRY_DELAY_UNIT", "PT1S",
                "DISPATCH_RATE_PER_SECOND", "400",
                // a short lease, so that a killed dispatcher's messages come back soon; the gateway's
                // timeout must be at most half of it
                "DNWERKS_DISPATCH_LEASE", "PT10S",
                "DNWERKS_PROVIDERS_SIMULATOR_TIMEOUT", "PT4S");
        List<Launcher.ServiceProcess> starting = new ArrayList<>();
        for (String s : SERVICES) {
            starting.add(start(s));
        }
        for (Launcher.ServiceProcess p : starting) {
            p.awaitReady(Duration.ofSeconds(180));
        }
    }

    private Launcher.ServiceProcess start(String service) throws Exception {
        Launcher.ServiceProcess p = Launcher.ServiceProcess.start(root, home, service, ports.get(service),
                Launcher.Database.embedded(postgres.port()), kafka.bootstrapServers(), keys,
                "delivery".equals(service) ? deliveryEnv : Map.of());
        services.put(service, p);
        return p;
    }

    /** A second campaign-service on its own port, sharing the database and the broker with the first. */
    Launcher.ServiceProcess startSecondCampaignReplica() throws Exception {
        int port = Ports.free();
        Launcher.ServiceProcess p = Launcher.ServiceProcess.start(root, home, "campaign", "campaign-service-2", port,
                Launcher.Database.embedded(postgres.port()), kafka.bootstrapServers(), keys, Map.of());
        services.put("campaign-2", p);
        ports.put("campaign-2", port);
        p.awaitReady(Duration.ofSeconds(180));
        return p;
    }

    /** SIGKILL delivery-service and start it again on the same port. */
    void crashAndRestartDelivery() throws Exception {
        services.get("delivery").kill();
        start("delivery").awaitReady(Duration.ofSeconds(180));
    }

    void stopKafka() {
        kafka.close();
    }

    void startKafka() throws Exception {
        kafka = KafkaServer.start(kafka.port(), kafkaData);
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    String bearer(String role) {
        return "Bearer " + new DevTokens(keys).issue(role, Duration.ofHours(1));
    }

    @Override
    public void close() throws Exception {
        for (Launcher.ServiceProcess p : services.values()) {
            p.close();
        }
        simulator.close();
        kafka.close();
        postgres.close();
        // the suite's database, Kafka log and service logs: a few GB after a run
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path locateRoot() {
        for (Path dir = Path.of(System.getProperty("dnwerks.root", ".")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("dnwerks")) && Files.isDirectory(dir.resolve("customer-service"))) {
                return dir;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("dnwerks")) && Files.isDirectory(dir.resolve("customer-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root");
    }
}
