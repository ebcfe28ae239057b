package io.dnwerks.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code ./dnwerks} commands: {@code up} runs PostgreSQL, Kafka and the four services on this
 * machine; {@code token} prints a dev JWT. Everything it starts stops with it (Ctrl-C, SIGTERM) and
 * nothing outlives it even when it is killed (see {@link OrphanGuard}).
 */
public final class Launcher {

    /**
     * Topics.ALL of the shared library, which this module does not depend on (it starts the stack the
     * services run on); TestInfrastructure fails every test run should the two lists differ.
     */
    public static final List<String> TOPICS = List.of("customer.events.v1", "campaign.events.v1", "campaign.audience.v1",
            "delivery.events.v1", "audit.v1", "delivery.receipts.v1");

    private final Path root;
    private final Path home;
    private final Map<String, String> env;

    Launcher(Path root, Path home, Map<String, String> env) {
        this.root = root;
        this.home = home;
        this.env = env;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("dnwerks.root", System.getenv().getOrDefault("DNWERKS_ROOT", "."))).toAbsolutePath().normalize();
        Path home = Path.of(System.getenv().getOrDefault("DNWERKS_HOME", root.resolve(".dnwerks").toString())).toAbsolutePath();
        Launcher launcher = new Launcher(root, home, System.getenv());
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "up" -> launcher.up(rest);
            case "token" -> System.out.println(launcher.token(rest));
            case "bench" -> {
                if (!rest.isEmpty() && rest.get(0).equals("segments")) {
                    SegmentBench.run(root, rest.subList(1, rest.size()));
                } else {
                    Bench.run(root, rest);
                }
            }
            case "chaos" -> System.exit(Chaos.run(root, rest));
            default -> {
                System.err.println("usage: dnwerks up [--fresh] [--infra-only] | dnwerks token --role admin|marketer|viewer [--ttl 12h] | dnwerks bench [--recipients 100000] | dnwerks bench segments [--customers 1000000]"
                        + " | dnwerks chaos [--customers 2000] [--only scenario,...] [--short]");
                System.exit("help".equals(command) ? 0 : 2);
            }
        }
    }

    String token(List<String> args) {
        String role = option(args, "--role", "marketer");
        if (!List.of("admin", "marketer", "viewer").contains(role)) {
            throw new IllegalArgumentException("--role must be admin, marketer or viewer");
        }
        Duration ttl = duration(option(args, "--ttl", "12h"));
        return new DevTokens(DevKeys.loadOrCreate(home.resolve("keys"))).issue(role, ttl);
    }

    void up(List<String> args) throws Exception {
        Files.createDirectories(home.resolve("run"));
        Files.createDirectories(home.resolve("logs"));
        claimLock();
        if (args.contains("--fresh")) {
            deleteTree(home.resolve("data"));
        }
        List<AutoCloseable> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\ndnwerks: stopping…");
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("dnwerks: " + e.getMessage());
                }
            }
            try {
                Files.deleteIfExists(home.resolve("run/up.pid"));
            } catch (IOException ignored) {
                // best effort
            }
            System.out.println("dnwerks: stopped");
            stopped.countDown();
        }, "dnwerks-stop"));

        Database db = startDatabase(started);
        String kafka = startKafka(started);
        DevKeys keys = DevKeys.loadOrCreate(home.resolve("keys"));

        Map<String, Integer> ports = new LinkedHashMap<>();
        String webhookSecret = webhookSecret();
        int simulatorPort = port("DNWERKS_SIMULATOR_PORT", 8090);
        if (!args.contains("--infra-only")) {
            ports.put("customer", port("DNWERKS_CUSTOMER_PORT", 8081));
            ports.put("campaign", port("DNWERKS_CAMPAIGN_PORT", 8082));
            ports.put("delivery", port("DNWERKS_DELIVERY_PORT", 8083));
            ports.put("audit", port("DNWERKS_AUDIT_PORT", 8084));
            // what phones "send" (POST /inbound on the simulator) reaches delivery-service's inbound webhook
            String inbound = "--inbound-url http://127.0.0.1:" + ports.get("delivery") + "/webhooks/inbound/simulator";
            started.add(SimulatorProcess.start(root, home, simulatorPort, webhookSecret, inbound + " " + option(args, "--simulator", "")));
            List<ServiceProcess> services = new ArrayList<>();
            for (var e : ports.entrySet()) {
                Map<String, String> extra = Map.of();
                // health, metrics and OpenAPI a thousand ports above the API: 9081 for customer-service's 8081
                extra = Map.of("MANAGEMENT_PORT", String.valueOf(e.getValue() + 1000));
                if ("delivery".equals(e.getKey())) {
                    extra = Map.of("SIMULATOR_URL", "http://127.0.0.1:" + simulatorPort, "SIMULATOR_WEBHOOK_SECRET", webhookSecret,
                            "RECEIPTS_BASE_URL", "http://127.0.0.1:" + e.getValue(), "MANAGEMENT_PORT", String.valueOf(e.getValue() + 1000));
                }
                ServiceProcess service = ServiceProcess.start(root, home, e.getKey(), e.getValue(), db, kafka, keys, extra);
                started.add(service);
                services.add(service);
            }
            for (ServiceProcess service : services) {
                service.awaitReady(Duration.ofSeconds(180));
            }
        }
        printSummary(db, kafka, ports, keys, args.contains("--infra-only") ? 0 : simulatorPort);
        stopped.await();
    }

    private Database startDatabase(List<AutoCloseable> started) throws IOException {
        String external = env.get("DNWERKS_DB_URL");
        if (external != null && !external.isBlank()) {
            return Database.external(external, env);
        }
        int port = port("DNWERKS_PG_PORT", 15432);
        if (Ports.inUse(port)) {
            throw new IllegalStateException("port " + port + " is taken: stop what runs there or set DNWERKS_PG_PORT");
        }
        System.out.println("dnwerks: starting PostgreSQL on 127.0.0.1:" + port + " (data in " + home.resolve("data/postgres") + ")");
        PostgresServer pg = PostgresServer.start(port, home.resolve("data/postgres"));
        started.add(pg);
        return Database.embedded(pg.port());
    }

    private String startKafka(List<AutoCloseable> started) throws IOException {
        String external = env.get("KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            KafkaServer.createTopics(external, withDlqs(), 3);
            return external;
        }
        int port = port("DNWERKS_KAFKA_PORT", 9092);
        if (Ports.inUse(port)) {
            throw new IllegalStateException("port " + port + " is taken: stop what runs there or set DNWERKS_KAFKA_PORT");
        }
        System.out.println("dnwerks: starting Kafka on 127.0.0.1:" + port);
        KafkaServer kafka = KafkaServer.start(port, home.resolve("data/kafka"));
        started.add(kafka);
        kafka.createTopics(withDlqs(), 3);
        return kafka.bootstrapServers();
    }

    public static List<String> withDlqs() {
        List<String> all = new ArrayList<>(TOPICS);
        TOPICS.forEach(t -> all.add(t + ".dlq"));
        return all;
    }

    /** Receipts from the simulator are signed with a secret made here once and kept in .dnwerks/keys. */
    private String webhookSecret() throws IOException {
        Path file = home.resolve("keys/simulator-webhook-secret");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            Files.writeString(file, java.util.HexFormat.of().formatHex(random));
        }
        return Files.readString(file).trim();
    }

    private void printSummary(Database db, String kafka, Map<String, Integer> ports, DevKeys keys, int simulatorPort) {
        DevTokens tokens = new DevTokens(keys);
        StringBuilder out = new StringBuilder("\n dnwerks is up\n\n");
        ports.forEach((name, port) -> out.append(String.format(Locale.ROOT, "  %-18s http://127.0.0.1:%d   swagger: http://127.0.0.1:%d/q/swagger-ui   health: http://127.0.0.1:%d/q/health%n",
                name + "-service", port, port + 1000, port + 1000)));
        if (simulatorPort > 0) {
            out.append(String.format(Locale.ROOT, "  %-18s http://127.0.0.1:%d   ledger: http://127.0.0.1:%d/ledger%n", "sms-simulator",
                    simulatorPort, simulatorPort));
        }
        out.append(String.format(Locale.ROOT, "%n  PostgreSQL         %s  (roles customer_service, campaign_service, delivery_service, audit_service, reporting_readonly)%n", db.jdbcUrl()));
        out.append(String.format(Locale.ROOT, "  Kafka              %s%n", kafka));
        out.append(String.format(Locale.ROOT, "  logs               %s%n%n", home.resolve("logs")));
        for (String role : List.of("admin", "marketer", "viewer")) {
            out.append(String.format(Locale.ROOT, "  %s token (12h):%n  %s%n%n", role, tokens.issue(role, Duration.ofHours(12))));
        }
        out.append("  e.g.  curl -H \"Authorization: Bearer $(./dnwerks token --role viewer)\" http://127.0.0.1:8081/api/v1/customers\n");
        out.append("  Ctrl-C stops everything.\n");
        System.out.println(out);
    }

    private void claimLock() throws IOException {
        Path lock = home.resolve("run/up.pid");
        if (Files.exists(lock)) {
            long pid = Long.parseLong(Files.readString(lock).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("dnwerks is already running (pid " + pid + ")");
            }
        }
        Files.writeString(lock, String.valueOf(ProcessHandle.current().pid()));
    }

    private int port(String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long n = Long.parseLong(t.replaceAll("[^0-9]", ""));
        return switch (t.replaceAll("[0-9]", "")) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h", "" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("--ttl takes a number with s, m, h or d: " + text);
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Where the services' database is, and as whom each connects. */
    public record Database(String host, int port, String name, Map<String, String> env) {

        public static Database embedded(int port) {
            return new Database("127.0.0.1", port, PostgresServer.DATABASE, Map.of());
        }

        static Database external(String jdbcUrl, Map<String, String> env) {
            URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
            String name = uri.getPath() == null || uri.getPath().length() <= 1 ? PostgresServer.DATABASE : uri.getPath().substring(1);
            return new Database(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), name, env);
        }

        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        String user(String service) {
            return env.getOrDefault(service.toUpperCase(Locale.ROOT) + "_DB_USER", service + "_service");
        }

        String password(String service) {
            return env.getOrDefault(service.toUpperCase(Locale.ROOT) + "_DB_PASSWORD", env.getOrDefault("DNWERKS_DB_PASSWORD", ""));
        }
    }

    /**
     * The SMS gateway simulator as a child process; {@code --simulator "--transient 0.1 ..."} passes its
     * options. Its ledger keeps every message id, about 400 bytes each: 1.5 GB of heap holds a
     * million-recipient benchmark (256 MB ran out at 400,000 and stalled dispatch).
     */
    public static final class SimulatorProcess implements AutoCloseable {

        private final Process process;

        private SimulatorProcess(Process process) {
            this.process = process;
        }

        public ProcessHandle process() {
            return process.toHandle();
        }

        public static SimulatorProcess start(Path root, Path home, int port, String secret, String options) throws IOException, InterruptedException {
            Path target = root.resolve("sms-simulator/target");
            if (!Files.isDirectory(target.resolve("lib"))) {
                throw new IllegalStateException(target + " is not built: run ./mvnw -DskipTests package");
            }
            if (Ports.inUse(port)) {
                throw new IllegalStateException("port " + port + " for the simulator is taken: set DNWERKS_SIMULATOR_PORT");
            }
            String jar;
            try (Stream<Path> jars = Files.list(target)) {
                jar = jars.map(Path::toString).filter(p -> p.endsWith(".jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no simulator jar in " + target));
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1536m", "-cp", jar + java.io.File.pathSeparator + target.resolve("lib") + "/*",
                    "io.dnwerks.simulator.SmsSimulator", "--port", String.valueOf(port)));
            if (!options.isBlank()) {
                cmd.addAll(Arrays.asList(options.trim().split("\\s+")));
            }
            Files.createDirectories(home.resolve("logs"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/sms-simulator.log").toFile()));
            pb.environment().put("SIMULATOR_WEBHOOK_SECRET", secret);
            System.out.println("dnwerks: starting sms-simulator on 127.0.0.1:" + port);
            Process p = pb.start();
            OrphanGuard.get().watch(p.pid());
            for (int i = 0; i < 100 && !Ports.inUse(port); i++) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the simulator exited, see .dnwerks/logs/sms-simulator.log");
                }
                Thread.sleep(100);
            }
            return new SimulatorProcess(p);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A packaged service running as a child process, logging to .dnwerks/logs/<name>-service.log. */
    public static final class ServiceProcess implements AutoCloseable {

        private final String name;
        private final int port;
        private final int managementPort;
        private final Process process;
        private final Path log;

        private ServiceProcess(String name, int port, int managementPort, Process process, Path log) {
            this.name = name;
            this.port = port;
            this.managementPort = managementPort;
            this.process = process;
            this.log = log;
        }

        public static ServiceProcess start(Path root, Path home, String name, int port, Database db, String kafka, DevKeys keys,
                                    Map<String, String> extraEnv) throws IOException {
            return start(root, home, name, name + "-service", port, db, kafka, keys, extraEnv);
        }

        /**
         * A further replica of a service: its own port and log ({@code instance}.log), the same database and broker.
         * Health, metrics and OpenAPI are on the management port: MANAGEMENT_PORT in {@code extraEnv}, or a free one.
         */
        public static ServiceProcess start(Path root, Path home, String name, String instance, int port, Database db, String kafka,
                                           DevKeys keys, Map<String, String> extraEnv) throws IOException {
            Path jar = root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run ./mvnw -DskipTests package");
            }
            if (Ports.inUse(port)) {
                throw new IllegalStateException("port " + port + " for " + name + "-service is taken: set DNWERKS_" + name.toUpperCase(Locale.ROOT) + "_PORT");
            }
            Files.createDirectories(home.resolve("logs"));
            Path log = home.resolve("logs/" + instance + ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC"));
            // DNWERKS_JFR_DIR=/some/dir: each service records a CPU and allocation profile there (instance.jfr), for the benchmark
            String jfr = System.getenv("DNWERKS_JFR_DIR");
            if (jfr != null && !jfr.isBlank()) {
                cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + Path.of(jfr).resolve(instance + ".jfr"));
            }
            cmd.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            int managementPort = extraEnv.containsKey("MANAGEMENT_PORT") ? Integer.parseInt(extraEnv.get("MANAGEMENT_PORT")) : Ports.free();
            Map<String, String> e = pb.environment();
            e.put("PORT", String.valueOf(port));
            e.put("MANAGEMENT_PORT", String.valueOf(managementPort));
            e.put("DB_HOST", db.host());
            e.put("DB_PORT", String.valueOf(db.port()));
            e.put("DB_NAME", db.name());
            e.put("DB_USER", db.user(name));
            e.put("DB_PASSWORD", db.password(name));
            e.put("KAFKA_BOOTSTRAP", kafka);
            e.putIfAbsent("JWT_PUBLIC_KEY_LOCATION", keys.publicKeyFile().toUri().toString());
            e.putIfAbsent("JWT_ISSUER", DevTokens.ISSUER);
            // customer-service: the key erased customers' phone numbers are hashed with, stable for this stack
            e.putIfAbsent("DNWERKS_CUSTOMERS_ERASURE_PHONE_HASH_KEY", keys.secret("erasure-phone-hash"));
            e.putIfAbsent("SWAGGER_UI", "true"); // a local stack is for trying the APIs
            // Swagger UI is served on the management port: its "try it out" must go to the API's
            e.putIfAbsent("QUARKUS_SMALLRYE_OPENAPI_SERVERS", "http://127.0.0.1:" + port);
            e.putAll(extraEnv);
            System.out.println("dnwerks: starting " + name + "-service on 127.0.0.1:" + port);
            Process process = pb.start();
            OrphanGuard.get().watch(process.pid());
            return new ServiceProcess(name, port, managementPort, process, log);
        }

        public void awaitReady(Duration timeout) throws InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + "-service exited with " + process.exitValue() + ", see " + log);
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        System.out.println("dnwerks: " + name + "-service is ready");
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(name + "-service was not ready after " + timeout + ", see " + log);
        }

        /** SIGKILL, as a crash would: no shutdown hook, no goodbye. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public ProcessHandle process() {
            return process.toHandle();
        }

        public String name() {
            return name + "-service";
        }

        /** Where health, metrics and OpenAPI are served. */
        public int managementPort() {
            return managementPort;
        }

        public Path log() {
            return log;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
