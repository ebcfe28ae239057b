package io.dnwerks.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The whole suite on free ports in a directory of its own, as separate processes: PostgreSQL, Kafka,
 * the SMS simulator and the four packaged services, each service as its own login role, exactly as
 * {@code ./dnwerks up} runs them; and the handles a fault harness needs to break them the way
 * production breaks: stop PostgreSQL or the broker and start it again, SIGKILL a service, move every
 * consumer group back to the start of its topics.
 */
public final class Stack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("customer", "campaign", "delivery", "audit");

    private final Path root;
    private final Path home;
    private final PostgresServer postgres;
    private final Path kafkaData;
    private KafkaServer kafka;
    private final DevKeys keys;
    private final Launcher.SimulatorProcess simulator;
    private final int simulatorPort;
    private final String webhookSecret;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> env = new HashMap<>();
    private final Map<String, Launcher.ServiceProcess> services = new LinkedHashMap<>();

    /**
     * @param simulatorOptions the simulator's command line options, e.g. {@code --receipt-delay-ms 100}
     * @param serviceEnv       environment for each service on top of what the stack sets (by service name)
     */
    public Stack(Path root, String simulatorOptions, Map<String, Map<String, String>> serviceEnv) throws Exception {
        this.root = root;
        this.home = Files.createTempDirectory("dnwerks-stack-");
        this.postgres = PostgresServer.start(0, home.resolve("postgres"));
        this.kafkaData = home.resolve("kafka");
        this.kafka = KafkaServer.start(0, kafkaData);
        kafka.createTopics(Launcher.withDlqs(), 3);
        this.keys = DevKeys.loadOrCreate(home.resolve("keys"));
        this.simulatorPort = Ports.free();
        this.webhookSecret = "stack-only-" + java.util.UUID.randomUUID();
        for (String s : SERVICES) {
            ports.put(s, Ports.free());
            env.put(s, new HashMap<>(serviceEnv.getOrDefault(s, Map.of())));
            env.get(s).put("MANAGEMENT_PORT", String.valueOf(Ports.free())); // kept across restarts, as a pod's port is
        }
        this.simulator = Launcher.SimulatorProcess.start(root, home, simulatorPort, webhookSecret,
                "--inbound-url " + url("delivery") + "/webhooks/inbound/simulator " + simulatorOptions);
        aheadOfTheSuite(simulator.process());
        env.get("delivery").putAll(Map.of("SIMULATOR_URL", simulatorUrl(), "SIMULATOR_WEBHOOK_SECRET", webhookSecret,
                "RECEIPTS_BASE_URL", url("delivery")));
        try {
            restart(SERVICES);
        } catch (Exception | Error e) {
            close(); // a service that does not come up must not leave the rest running until the JVM ends
            throw e;
        }
    }

    /**
     * The simulator stands in for a gateway on a machine of its own, and the scenarios judge a sender's
     * rate from its acceptance times: on a two-core box shared with the whole suite it waited behind
     * PostgreSQL, Kafka and five JVMs for the CPU, then stamped the requests that had queued meanwhile
     * together (a busiest second of 103 at a rate of 100 in CI, the senders' own schedule held). So it
     * runs at a higher priority where the machine allows it (root or CAP_SYS_NICE); elsewhere it is
     * said once and the suite goes on at equal priority.
     */
    private static void aheadOfTheSuite(ProcessHandle process) {
        // a Linux priority is a thread's: every thread the JVM has by now (later ones inherit it)
        List<String> cmd = new ArrayList<>(List.of("renice", "-n", "-10", "-p"));
        try (var threads = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            threads.forEach(t -> cmd.add(t.getFileName().toString()));
        } catch (IOException e) {
            cmd.add(String.valueOf(process.pid()));
        }
        try {
            Process renice = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said = new String(renice.getInputStream().readAllBytes()).trim();
            if (renice.waitFor() != 0) {
                System.out.println("dnwerks: the simulator runs at the suite's priority (renice: " + said + ")");
            }
        } catch (IOException e) {
            System.out.println("dnwerks: the simulator runs at the suite's priority (no renice: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Finds the repository root from {@code dnwerks.root} or the working directory. */
    public static Path locateRoot() {
        for (String start : List.of(System.getProperty("dnwerks.root", "."), "")) {
            for (Path dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve("dnwerks")) && Files.isDirectory(dir.resolve("customer-service"))) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("cannot find the repository root");
    }

    private Launcher.ServiceProcess launch(String service, String key, Map<String, String> extra) throws IOException {
        Map<String, String> e = new HashMap<>(env.get(service));
        e.putAll(extra);
        String instance = service.equals(key) ? service + "-service" : service + "-service-" + key;
        Launcher.ServiceProcess p = Launcher.ServiceProcess.start(root, home, service, instance, ports.get(key),
                Launcher.Database.embedded(postgres.port()), kafka.bootstrapServers(), keys, e);
        services.put(key, p);
        return p;
    }

    /** A further replica of {@code service} on its own port, sharing the database and the broker; its key is {@code key}. */
    public Launcher.ServiceProcess startReplica(String service, String key) throws Exception {
        return startReplica(service, key, Map.of());
    }

    /**
     * A further replica with {@code extraEnv} on top of its service's environment. A replica that gives
     * gateways an address for receipts gives its own, as a pod would: the gateway's ledger then tells
     * which replica handed each message over.
     */
    public Launcher.ServiceProcess startReplica(String service, String key, Map<String, String> extraEnv) throws Exception {
        ports.put(key, Ports.free());
        Map<String, String> e = new HashMap<>(extraEnv);
        e.put("MANAGEMENT_PORT", String.valueOf(Ports.free()));
        if (env.get(service).containsKey("RECEIPTS_BASE_URL")) {
            e.put("RECEIPTS_BASE_URL", url(key));
        }
        Launcher.ServiceProcess p = launch(service, key, e);
        p.awaitReady(Duration.ofSeconds(180));
        return p;
    }

    /** SIGKILL, as a crash or an OOM kill would: no shutdown hook runs. */
    public void kill(String service) throws InterruptedException {
        services.get(service).kill();
    }

    /** Starts a killed or stopped service again on its port, with {@code extraEnv} on top of its usual environment, and waits until it is ready. */
    public void restart(String service, Map<String, String> extraEnv) throws Exception {
        Launcher.ServiceProcess old = services.get(service);
        if (old.isAlive()) {
            old.close();
        }
        launch(service, service, extraEnv).awaitReady(Duration.ofSeconds(180));
    }

    /** Starts the given services (again), all at once, and waits until each is ready. */
    public void restart(List<String> keys) throws Exception {
        List<Launcher.ServiceProcess> starting = new ArrayList<>();
        for (String key : keys) {
            Launcher.ServiceProcess old = services.get(key);
            if (old != null && old.isAlive()) {
                old.close();
            }
            starting.add(launch(key, key, Map.of()));
        }
        for (Launcher.ServiceProcess p : starting) {
            p.awaitReady(Duration.ofSeconds(180));
        }
    }

    /** SIGTERM and wait: consumers leave their groups, as in a rolling restart. */
    public void stop(String service) throws InterruptedException {
        services.get(service).close();
    }

    public void stopPostgres() throws IOException {
        postgres.stopForAWhile();
    }

    public void startPostgres() throws IOException {
        postgres.startAgain();
    }

    public void stopKafka() {
        kafka.close();
    }

    public void startKafka() throws IOException {
        kafka = KafkaServer.start(kafka.port(), kafkaData);
    }

    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    /** The superuser's JDBC URL, for the harness's own look at what the services wrote. */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String bearer(String role) {
        return "Bearer " + new DevTokens(keys).issue(role, Duration.ofHours(1));
    }

    public Launcher.ServiceProcess service(String key) {
        return services.get(key);
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    /** Records in each dead-letter topic, by topic (those with none left out). */
    public Map<String, Long> deadLetters() throws Exception {
        try (Admin admin = admin()) {
            List<String> dlqs = Launcher.TOPICS.stream().map(t -> t + ".dlq").toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(dlqs).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, d) -> d.partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            }));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            Map<String, Long> out = new java.util.TreeMap<>();
            ends.forEach((tp, end) -> out.merge(tp.topic(), end.offset() - starts.get(tp).offset(), Long::sum));
            out.values().removeIf(n -> n == 0);
            return out;
        }
    }

    /**
     * Moves every consumer group back to the first offset of each partition of every topic it consumes
     * (those it has committed on), so that each record is delivered again. Kafka allows that only for a
     * group without members: stop the services first.
     *
     * @return the groups moved, with how many records each will see again
     */
    public Map<String, Long> rewindConsumerGroups() throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Admin admin = admin()) {
            for (GroupPosition g : positions(admin)) {
                Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
                g.start().forEach((tp, first) -> rewound.put(tp, new OffsetAndMetadata(first)));
                admin.alterConsumerGroupOffsets(g.group(), rewound).all().get(30, TimeUnit.SECONDS);
                out.put(g.group(), g.start().keySet().stream().mapToLong(tp -> g.committed(tp) - g.start().get(tp)).sum());
            }
        }
        return out;
    }

    /** Records not yet consumed and committed, over every consumer group and every partition of the topics it consumes. */
    public long consumerLag() throws Exception {
        try (Admin admin = admin()) {
            long lag = 0;
            for (GroupPosition g : positions(admin)) {
                for (TopicPartition tp : g.end().keySet()) {
                    lag += g.end().get(tp) - g.committed(tp);
                }
            }
            return lag;
        }
    }

    /**
     * Where a group stands on each partition of the topics it has committed on; a partition it has not
     * committed on yet counts as read up to its first offset.
     */
    private record GroupPosition(String group, Map<TopicPartition, Long> commits, Map<TopicPartition, Long> start,
                                 Map<TopicPartition, Long> end) {
        long committed(TopicPartition tp) {
            return commits.getOrDefault(tp, start.get(tp));
        }
    }

    private static List<GroupPosition> positions(Admin admin) throws Exception {
        List<GroupPosition> out = new ArrayList<>();
        for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, Long> commits = new HashMap<>();
            admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, o) -> {
                        if (o != null) {
                            commits.put(tp, o.offset());
                        }
                    });
            List<String> topics = commits.keySet().stream().map(TopicPartition::topic).distinct().toList();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            out.add(new GroupPosition(g.groupId(), commits, offsets(admin, partitions, OffsetSpec.earliest()),
                    offsets(admin, partitions, OffsetSpec.latest())));
        }
        return out;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec))).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, r) -> out.put(tp, r.offset()));
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Launcher.ServiceProcess p : services.values()) {
            p.close();
        }
        simulator.close();
        kafka.close();
        postgres.close();
        // the stack's database, Kafka log and service logs: a few GB after a long run
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public Path home() {
        return home;
    }
}
