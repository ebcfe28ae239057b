package io.dnwerks.localstack;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./dnwerks bench [--recipients 100000] [--gateway simulator|smpp]}: seeds N customers, launches
 * one campaign to all of them on a fresh stack of its own (no rate limit, no latency), and reports
 * where the time went, each figure next to a baseline measured on the same machine in the same run:
 * PostgreSQL's COPY of as many rows, and the gateway under a plain load generator. The gateway is the
 * HTTP simulator (the default), or with {@code smpp} delivery-service's SMPP adapter against jsmpp's
 * SMSC simulator, whose baseline is that simulator under a plain jsmpp client ({@link SmppBench}); its
 * receipts come at most 100 a second (a pool of 100 threads that wait a second each), so that run ends
 * once every message is handed over.
 */
public final class Bench {

    private final Path root;
    private final int recipients;
    /** stop once every message exists, skipping dispatch: for work on the fan-out */
    private final boolean untilCreated;
    /** through delivery-service's SMPP adapter to jsmpp's SMSC simulator instead of the HTTP simulator */
    private final boolean smpp;
    /** delivery-service's default dnwerks.gateways.simulator.simulator.batch-size */
    static final int GATEWAY_BATCH = 100;
    static final int BASELINE_IN_FLIGHT = 8;
    /** receipts that fall due together reach the webhook in one request, as bulk gateways send them */
    static final int RECEIPT_BATCH = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Bench(Path root, int recipients, boolean untilCreated, boolean smpp) {
        this.root = root;
        this.recipients = recipients;
        this.untilCreated = untilCreated;
        this.smpp = smpp;
    }

    public static void run(Path root, List<String> args) throws Exception {
        int n = Integer.parseInt(Launcher.option(args, "--recipients", "100000"));
        String until = Launcher.option(args, "--until", "final");
        if (!until.equals("final") && !until.equals("created")) {
            throw new IllegalArgumentException("--until takes final (the default) or created, not " + until);
        }
        String gateway = Launcher.option(args, "--gateway", "simulator");
        if (!gateway.equals("simulator") && !gateway.equals("smpp")) {
            throw new IllegalArgumentException("--gateway takes simulator (the default) or smpp, not " + gateway);
        }
        new Bench(root, n, until.equals("created"), gateway.equals("smpp")).run();
    }

    private void run() throws Exception {
        Path home = Files.createTempDirectory("dnwerks-bench-");
        System.out.printf(Locale.ROOT, "dnwerks bench: %,d recipients through %s, %d cores, %s heap max, stack in %s%n", recipients,
                smpp ? "the SMPP adapter to jsmpp's SMSC simulator" : "the HTTP simulator", Runtime.getRuntime().availableProcessors(),
                memory(), home);
        List<AutoCloseable> started = new ArrayList<>();
        Thread stopAll = new Thread(() -> closeAll(started), "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            PostgresServer pg = PostgresServer.start(0, home.resolve("postgres"),
                    Map.of("shared_preload_libraries", "pg_stat_statements,auto_explain", "pg_stat_statements.track", "all",
                            // the plans of slow statements, for the profile: postgres/log/postgresql.log
                            "auto_explain.log_min_duration", "300ms", "logging_collector", "on",
                            "log_directory", "log", "log_filename", "postgresql.log"));
            started.add(pg);
            KafkaServer kafka = KafkaServer.start(0, home.resolve("kafka"));
            started.add(kafka);
            kafka.createTopics(Launcher.withDlqs(), 3);
            DevKeys keys = DevKeys.loadOrCreate(home.resolve("keys"));
            int simPort = Ports.free();
            String secret = UUID.randomUUID().toString();
            Launcher.SimulatorProcess sim = Launcher.SimulatorProcess.start(root, home, simPort, secret,
                    "--receipt-delay-ms 1000 --receipt-batch " + RECEIPT_BATCH);
            started.add(sim);
            int smscPort = Ports.free();
            SmppBench.Smsc smsc = smpp ? SmppBench.Smsc.start(home, smscPort) : null;
            if (smsc != null) {
                started.add(smsc);
            }
            Map<String, Integer> ports = Map.of("customer", Ports.free(), "campaign", Ports.free(), "delivery", Ports.free(), "audit", Ports.free());
            List<Launcher.ServiceProcess> services = new ArrayList<>();
            for (String s : List.of("customer", "campaign", "delivery", "audit")) {
                Map<String, String> env = switch (s) {
                    case "delivery" -> {
                        Map<String, String> e = new java.util.HashMap<>(Map.of("SIMULATOR_URL", "http://127.0.0.1:" + simPort,
                                "SIMULATOR_WEBHOOK_SECRET", secret, "RECEIPTS_BASE_URL", "http://127.0.0.1:" + ports.get(s),
                                "DISPATCH_RATE_PER_SECOND", "0",
                                // its German numbers inside their window whenever it runs
                                DemoClock.OFFSET_VARIABLE, DemoClock.middayInEurope()));
                        if (smpp) {
                            e.putAll(SmppBench.deliveryEnv(smscPort));
                        }
                        yield e;
                    }
                    // AudienceBatches are large: publish fewer at a time
                    case "customer" -> Map.of("DNWERKS_OUTBOX_RELAY_BATCH_SIZE", "20");
                    default -> Map.of();
                };
                Launcher.ServiceProcess p = Launcher.ServiceProcess.start(root, home, s, ports.get(s),
                        Launcher.Database.embedded(pg.port()), kafka.bootstrapServers(), keys, env);
                started.add(p);
                services.add(p);
            }
            for (Launcher.ServiceProcess p : services) {
                p.awaitReady(Duration.ofSeconds(180));
            }
            String jdbc = pg.jdbcUrl();
            seed(jdbc);
            double copyRate = copyBaseline(jdbc);
            double simulatorRate = untilCreated ? 0 : smpp ? smppBaseline(home) : simulatorBaseline(simPort);
            Map<String, ProcessHandle> processes = new java.util.LinkedHashMap<>();
            pg.process().ifPresent(p -> processes.put("postgresql", p));
            processes.put("kafka", kafka.process());
            processes.put(smpp ? "smsc-simulator" : "sms-simulator", smpp ? smsc.process() : sim.process());
            services.forEach(p -> processes.put(p.name(), p.process()));
            Map<String, Double> cpuBefore = cpu(processes);
            resetStatements(jdbc);
            Result r = campaign(jdbc, ports, new DevTokens(keys), processes);
            report(r, copyRate, simulatorRate);
            profile("launch to all created", r.cpuAtAllCreated(), cpuBefore, r.launchToAllCreated());
            if (!untilCreated) {
                profile(smpp ? "launch to all handed to the SMSC" : "launch to all final", r.cpuAtTerminal(), cpuBefore, r.launchToAllTerminal());
            }
            topStatements(jdbc);
        } finally {
            closeAll(started);
            Runtime.getRuntime().removeShutdownHook(stopAll);
            keepPlansAndRemove(home);
        }
    }

    /**
     * A million-recipient run leaves about 15 GB (PostgreSQL's data and WAL, Kafka's log): keep the
     * slow statements' plans and the processes' logs in .dnwerks/bench/ and remove the rest, or a few
     * runs fill the disk.
     */
    private void keepPlansAndRemove(Path home) {
        try {
            Path plans = home.resolve("postgres/log/postgresql.log");
            if (Files.exists(plans)) {
                Path kept = root.resolve(".dnwerks/bench/postgresql-" + recipients + ".log");
                Files.createDirectories(kept.getParent());
                Files.copy(plans, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.println("plans of statements over 300 ms: " + kept);
            }
            Path logs = home.resolve("logs");
            if (Files.isDirectory(logs)) {
                Path kept = root.resolve(".dnwerks/bench/logs-" + recipients);
                Files.createDirectories(kept);
                try (var each = Files.list(logs)) {
                    for (Path log : each.toList()) {
                        Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                System.out.println("the processes' logs: " + kept);
            }
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            System.err.println("bench: could not clean up " + home + ": " + e.getMessage());
        }
    }

    private static synchronized void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: " + e.getMessage());
            }
        }
        started.clear();
    }

    private void seed(String jdbc) throws SQLException {
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc, "customer_service", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO customer.customers (id, first_name, last_name, phone, sms_consent)"
                    + " SELECT customer.uuid_v7(), 'Ana' || g, 'Lima', '+4915' || lpad(g::text, 9, '0'), true"
                    + " FROM generate_series(1, " + recipients + ") g");
            s.execute("ANALYZE customer.customers");
        }
        System.out.printf(Locale.ROOT, "seeded %,d customers in %.1f s%n", recipients, secs(t));
    }

    /** Baseline: COPY as many rows shaped like campaign_messages into a scratch table with a primary key. */
    private double copyBaseline(String jdbc) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(jdbc, "delivery_service", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE delivery.bench_copy (id uuid PRIMARY KEY, campaign_id uuid, customer_id uuid,"
                    + " phone_number varchar(20), message_content text, status varchar(50), created_at timestamptz)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            UUID campaign = UUID.randomUUID();
            long t = System.nanoTime();
            copy.copyIn("COPY delivery.bench_copy FROM STDIN (FORMAT csv)", new RowsReader(recipients, campaign));
            double seconds = secs(t);
            s.execute("DROP TABLE delivery.bench_copy");
            return recipients / seconds;
        }
    }

    /**
     * Baseline: the simulator alone under a plain load generator, in the shape dispatch uses: batches of
     * {@value #GATEWAY_BATCH} messages on POST /messages/batch, {@value #BASELINE_IN_FLIGHT} requests in flight.
     */
    private double simulatorBaseline(int port) throws Exception {
        int batches = Math.max(1, Math.min(recipients, 200_000) / GATEWAY_BATCH);
        Semaphore inFlight = new Semaphore(BASELINE_IN_FLIGHT);
        AtomicLong failures = new AtomicLong();
        URI uri = URI.create("http://127.0.0.1:" + port + "/messages/batch");
        List<CompletableFuture<?>> all = new ArrayList<>(batches);
        long t = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            inFlight.acquire();
            StringBuilder body = new StringBuilder("{\"messages\":[");
            for (int i = 0; i < GATEWAY_BATCH; i++) {
                body.append(i == 0 ? "" : ",").append("{\"messageId\":\"").append(UUID.randomUUID()).append("\",\"to\":\"+4917")
                        .append(String.format("%09d", b * GATEWAY_BATCH + i)).append("\",\"body\":\"load\"}");
            }
            all.add(http.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
                            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() / 100 != 2) {
                            failures.incrementAndGet();
                        }
                        inFlight.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double rate = (double) batches * GATEWAY_BATCH / secs(t);
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ledger")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        if (failures.get() > 0) {
            System.out.println("simulator baseline: " + failures.get() + " failed requests");
        }
        return rate;
    }

    /**
     * Baseline: jsmpp's SMSC simulator alone, a simulator of its own on a port of its own (so that its
     * receipts do not queue ahead of the campaign's), under {@link SmppBench#baseline}.
     */
    private double smppBaseline(Path home) throws Exception {
        int port = Ports.free();
        try (SmppBench.Smsc alone = SmppBench.Smsc.start(home, port)) {
            return SmppBench.baseline(port, Math.max(1, Math.min(recipients, 100_000)));
        }
    }

    record Result(double launchToResolved, double resolvedToFirstRow, double fanOutSeconds, double launchToAllCreated,
                  double dispatchSeconds, double launchToAllTerminal, Map<String, Long> finalCounts,
                  Map<String, Double> cpuAtAllCreated, Map<String, Double> cpuAtTerminal, double launchToCampaignSent) {
    }

    private Result campaign(String jdbc, Map<String, Integer> ports, DevTokens tokens, Map<String, ProcessHandle> processes) throws Exception {
        String token = "Bearer " + tokens.issue("marketer", Duration.ofHours(2));
        String campaignUrl = "http://127.0.0.1:" + ports.get("campaign") + "/api/v1/campaigns";
        String created = http.send(HttpRequest.newBuilder(URI.create(campaignUrl)).header("Authorization", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"bench\",\"messageContent\":\"Hi {{firstName}}, this is the benchmark.\",\"audience\":{\"all\":true}}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        long launched = System.nanoTime();
        HttpResponse<String> launch = http.send(HttpRequest.newBuilder(URI.create(campaignUrl + "/" + id + "/launch"))
                .header("Authorization", token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (launch.statusCode() != 200) {
            throw new IllegalStateException("launch failed: " + launch.body());
        }
        long resolved = 0;
        long firstRow = 0;
        long allRows = 0;
        long firstDispatched = 0;
        long allDispatched = 0;
        long terminal = 0;
        Map<String, Long> counts = Map.of();
        Map<String, Double> cpuAtAllCreated = Map.of();
        Map<String, Double> cpuAtTerminal = Map.of();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (terminal == 0 && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                // the audience is written a chunk at a time; resolved once its cursor says done
                if (resolved == 0 && count(c, "SELECT count(*) FROM customer.audience_resolutions WHERE campaign_id = '" + id
                        + "' AND done_at IS NOT NULL") > 0) {
                    resolved = now;
                }
                counts = counts(c, id);
                long total = counts.getOrDefault("total", 0L);
                long done = counts.getOrDefault("sent", 0L) + counts.getOrDefault("delivered", 0L) + counts.getOrDefault("failed", 0L)
                        + counts.getOrDefault("rejected", 0L) + counts.getOrDefault("bounced", 0L);
                if (firstRow == 0 && total > 0) {
                    firstRow = now;
                }
                if (allRows == 0 && total >= recipients) {
                    allRows = now;
                    cpuAtAllCreated = cpu(processes);
                    if (untilCreated) {
                        break;
                    }
                }
                if (firstDispatched == 0 && done > 0) {
                    firstDispatched = now;
                }
                if (allRows > 0 && allDispatched == 0 && counts.getOrDefault("pending", 1L) == 0) {
                    allDispatched = now;
                    if (smpp) {
                        // the SMSC simulator's receipts trickle in at 100 a second: the run ends here
                        terminal = now;
                        cpuAtTerminal = cpu(processes);
                    }
                }
                if (allDispatched > 0 && counts.getOrDefault("sent", 1L) == 0) {
                    terminal = now;
                    cpuAtTerminal = cpu(processes);
                }
                Thread.sleep(100);
            }
        }
        if (terminal == 0 && !(untilCreated && allRows > 0)) {
            throw new IllegalStateException("the campaign did not finish in 30 minutes: " + counts);
        }
        long campaignSent = untilCreated || smpp ? 0 : awaitCampaignSent(campaignUrl + "/" + id + "/stats", token);
        return new Result((resolved - launched) / 1e9, (firstRow - resolved) / 1e9, (allRows - firstRow) / 1e9,
                (allRows - launched) / 1e9, (allDispatched - firstDispatched) / 1e9, (terminal - launched) / 1e9, counts,
                cpuAtAllCreated, cpuAtTerminal, campaignSent == 0 ? Double.NaN : (campaignSent - launched) / 1e9);
    }

    /**
     * What the marketer sees: campaign-service learns of the end from delivery's progress reports, which
     * queue in delivery's outbox behind every message event and audit record.
     *
     * @return when the campaign's stats first said sent (System.nanoTime), or 0 if not within 15 minutes
     */
    private long awaitCampaignSent(String statsUrl, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (System.nanoTime() < deadline) {
            String stats = http.send(HttpRequest.newBuilder(URI.create(statsUrl)).header("Authorization", token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (stats.contains("\"status\":\"sent\"")) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        return 0;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> counts(Connection c, String campaign) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT total, pending, sent, delivered, failed, bounced, rejected"
                + " FROM delivery.delivery_campaigns WHERE campaign_id = '" + campaign + "'")) {
            if (!rs.next()) {
                return Map.of();
            }
            return Map.of("total", rs.getLong(1), "pending", rs.getLong(2), "sent", rs.getLong(3), "delivered", rs.getLong(4),
                    "failed", rs.getLong(5), "bounced", rs.getLong(6), "rejected", rs.getLong(7));
        }
    }

    private void report(Result r, double copyRate, double simulatorRate) {
        double resolutionRate = recipients / r.launchToResolved();
        double fanOutRate = recipients / Math.max(0.001, r.fanOutSeconds());
        double dispatchRate = recipients / Math.max(0.001, r.dispatchSeconds());
        StringBuilder out = new StringBuilder("\n");
        out.append(String.format(Locale.ROOT, "| figure | value | baseline | ratio |%n| --- | --- | --- | --- |%n"));
        out.append(String.format(Locale.ROOT, "| audience resolution (launch to all AudienceBatches written) | %,.0f recipients/s (%.2f s) | | |%n",
                resolutionRate, r.launchToResolved()));
        out.append(String.format(Locale.ROOT, "| fan-out into campaign_messages | %,.0f rows/s (%.2f s) | COPY %,.0f rows/s | %.2f |%n",
                fanOutRate, r.fanOutSeconds(), copyRate, fanOutRate / copyRate));
        out.append(String.format(Locale.ROOT, "| launch to all messages created | %.2f s | | |%n", r.launchToAllCreated()));
        if (!untilCreated) {
            out.append(String.format(Locale.ROOT, "| dispatch (first to last handed to the gateway) | %,.0f messages/s (%.2f s) | %s %,.0f messages/s | %.2f |%n",
                    dispatchRate, r.dispatchSeconds(), smpp ? "SMSC simulator alone (plain jsmpp client, one bind, " + SmppBench.WINDOW
                            + " outstanding)" : "simulator alone", simulatorRate, dispatchRate / simulatorRate));
            if (smpp) {
                out.append(String.format(Locale.ROOT, "| launch to all messages handed to the SMSC | %.2f s | | |%n", r.launchToAllTerminal()));
            } else {
                out.append(String.format(Locale.ROOT, "| launch to all messages final (receipts 1 s after acceptance) | %.2f s | | |%n", r.launchToAllTerminal()));
                out.append(String.format(Locale.ROOT, "| launch to the campaign `sent` in campaign-service's stats | %.2f s | | |%n", r.launchToCampaignSent()));
            }
        }
        out.append(String.format(Locale.ROOT, "%nfinal counts: %s%n", r.finalCounts()));
        System.out.println(out);
    }

    /** CPU seconds each process (with its children: PostgreSQL's backends) has used so far. */
    private static Map<String, Double> cpu(Map<String, ProcessHandle> processes) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        processes.forEach((name, p) -> {
            double total = seconds(p);
            for (ProcessHandle child : p.descendants().toList()) {
                total += seconds(child);
            }
            out.put(name, total);
        });
        return out;
    }

    private static double seconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
    }

    private static void profile(String span, Map<String, Double> after, Map<String, Double> before, double wallSeconds) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "where the CPU went from %s (%.1f s wall, %d cores = %.1f CPU-s available):%n%n| process | CPU-s | share of available |%n| --- | --- | --- |%n",
                span, wallSeconds, Runtime.getRuntime().availableProcessors(), wallSeconds * Runtime.getRuntime().availableProcessors()));
        after.forEach((name, total) -> {
            double used = total - before.getOrDefault(name, 0.0);
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f%% |%n", name, used,
                    100 * used / (wallSeconds * Runtime.getRuntime().availableProcessors())));
        });
        System.out.println(out);
    }

    private static void resetStatements(String jdbc) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The statements PostgreSQL spent the most time on during the campaign. */
    private static void topStatements(String jdbc) throws SQLException {
        StringBuilder out = new StringBuilder("top statements by total time during the campaign:\n\n| total s | calls | mean ms | rows | statement |\n| --- | --- | --- | --- | --- |\n");
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT total_exec_time / 1000, calls, mean_exec_time, rows,"
                     + " regexp_replace(left(query, 110), '\\s+', ' ', 'g') FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12")) {
            while (rs.next()) {
                out.append(String.format(Locale.ROOT, "| %.1f | %,d | %.2f | %,d | `%s` |%n", rs.getDouble(1), rs.getLong(2), rs.getDouble(3),
                        rs.getLong(4), rs.getString(5).replace("|", "\\|")));
            }
        }
        System.out.println(out);
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String memory() {
        return (Runtime.getRuntime().maxMemory() >> 20) + " MiB";
    }

    /** CSV rows for COPY, generated on the fly. */
    private static final class RowsReader extends Reader {
        private final int rows;
        private final String campaign;
        private int next;
        private String line = "";
        private int pos;

        RowsReader(int rows, UUID campaign) {
            this.rows = rows;
            this.campaign = campaign.toString();
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (pos >= line.length()) {
                if (next >= rows) {
                    return -1;
                }
                next++;
                line = UUID.randomUUID() + "," + campaign + "," + UUID.randomUUID() + ",+4915" + String.format("%09d", next)
                        + ",Hi Ana" + next + " this is the benchmark.,pending,2026-11-24 00:00:00+00\n";
                pos = 0;
            }
            int n = Math.min(len, line.length() - pos);
            line.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
