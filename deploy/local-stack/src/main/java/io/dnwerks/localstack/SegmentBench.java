package io.dnwerks.localstack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * {@code ./dnwerks bench segments [--customers 1000000]}: customer-service alone on PostgreSQL and
 * Kafka, with a million customers, measures what a marketer waits for (a segment filled, its count,
 * a preview, a customer's change reaching their segments, a segment resolved as a campaign's
 * audience), each beside a baseline measured in the same run.
 */
final class SegmentBench {

    private final Path root;
    private final int customers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> rows = new ArrayList<>();
    private String base;
    private String token;

    private SegmentBench(Path root, int customers) {
        this.root = root;
        this.customers = customers;
    }

    static void run(Path root, List<String> args) throws Exception {
        new SegmentBench(root, Integer.parseInt(Launcher.option(args, "--customers", "1000000"))).run();
    }

    private void run() throws Exception {
        Path home = Files.createTempDirectory("dnwerks-bench-segments-");
        System.out.printf(Locale.ROOT, "dnwerks bench segments: %,d customers, %d cores, stack in %s%n", customers,
                Runtime.getRuntime().availableProcessors(), home);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // the plans of slow statements, with their row counts: .dnwerks/bench/segments-postgresql-N.log
            PostgresServer pg = PostgresServer.start(0, home.resolve("postgres"), Map.of("shared_preload_libraries", "auto_explain",
                    "auto_explain.log_min_duration", "150ms", "auto_explain.log_analyze", "on", "auto_explain.log_timing", "off",
                    "logging_collector", "on", "log_directory", "log", "log_filename", "postgresql.log"));
            started.add(pg);
            KafkaServer kafka = KafkaServer.start(0, home.resolve("kafka"));
            started.add(kafka);
            kafka.createTopics(Launcher.withDlqs(), 3);
            DevKeys keys = DevKeys.loadOrCreate(home.resolve("keys"));
            int port = Ports.free();
            Launcher.ServiceProcess customer = Launcher.ServiceProcess.start(root, home, "customer", port,
                    Launcher.Database.embedded(pg.port()), kafka.bootstrapServers(), keys, Map.of("DNWERKS_OUTBOX_RELAY_BATCH_SIZE", "20"));
            started.add(customer);
            customer.awaitReady(Duration.ofSeconds(180));
            base = "http://127.0.0.1:" + port + "/api/v1";
            token = "Bearer " + new DevTokens(keys).issue("marketer", Duration.ofHours(2));
            try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), "customer_service", "")) {
                String vip = seed(db);
                measure(db, kafka.bootstrapServers(), vip);
            }
            System.out.println();
            System.out.println("| figure | value | baseline in the same run |");
            System.out.println("| --- | --- | --- |");
            rows.forEach(System.out::println);
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("bench: " + e.getMessage());
                }
            }
            Path plans = home.resolve("postgres/log/postgresql.log");
            if (Files.exists(plans)) {
                Path kept = root.resolve(".dnwerks/bench/segments-postgresql-" + customers + ".log");
                Files.createDirectories(kept.getParent());
                Files.copy(plans, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.println("plans of statements over 150 ms: " + kept);
            }
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Customers of four languages, born over sixty years, created over two years, a tenth of them VIPs. */
    private String seed(Connection db) throws Exception {
        long t = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO customer.customers (id, first_name, last_name, phone, preferred_language, date_of_birth, created_at, source,"
                    + " country)"
                    + " SELECT customer.uuid_v7(), 'Ana' || g, 'Lima', '+4915' || lpad(g::text, 9, '0'),"
                    + " (ARRAY['de', 'en', 'pt-BR', 'fr'])[1 + g % 4], date '1950-01-01' + ((g::bigint * 7919) % 21900)::int,"
                    + " now() - make_interval(mins => ((g::bigint * 104729) % 1051200)::int), 'bench-' || g % 10,"
                    + " (ARRAY['DE', 'DE', 'PT', 'FR'])[1 + g % 4]"
                    + " FROM generate_series(1, " + customers + ") g");
            // as autovacuum would leave a table after a load: statistics, and a visibility map for index-only scans
            s.execute("VACUUM ANALYZE customer.customers");
        }
        String vip = post("/tags", "{\"name\": \"vip\", \"color\": \"#aa0000\"}").replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO customer.customer_tags (customer_id, tag_id, created_by) SELECT id, '" + vip + "', '" + vip + "'"
                    + " FROM customer.customers WHERE abs(hashtext(id::text)) % 10 = 0");
            s.execute("VACUUM ANALYZE customer.customer_tags");
        }
        System.out.printf(Locale.ROOT, "seeded %,d customers and their tags in %.1f s%n", customers, secs(t));
        // the seed's statements queued every customer for the segment upkeep: with no segment yet, a drain
        long drain = System.nanoTime();
        awaitZero(db, "SELECT count(*) FROM customer.segment_pending", Duration.ofMinutes(10));
        rows.add(String.format(Locale.ROOT, "| upkeep queue of %,d customers drained, no segment yet | %.1f s | |", customers, secs(drain)));
        return vip;
    }

    private void measure(Connection db, String bootstrap, String vip) throws Exception {
        String everyone = "{\"field\": \"preferredLanguage\", \"op\": \"in\", \"value\": [\"de\", \"en\", \"pt-BR\", \"fr\"]}";
        String germanOver30 = "{\"all\": [{\"field\": \"preferredLanguage\", \"op\": \"equals\", \"value\": \"de\"},"
                + " {\"field\": \"age\", \"op\": \"gte\", \"value\": 30}, {\"not\": {\"field\": \"tags\", \"op\": \"anyOf\", \"value\": [\"" + vip + "\"]}}]}";
        String germanOver30Sql = "SELECT count(*) FROM customer.customers c WHERE c.deleted_at IS NULL AND lower(c.preferred_language) = 'de'"
                + " AND extract(year FROM age(current_date, c.date_of_birth)) >= 30"
                + " AND NOT EXISTS (SELECT 1 FROM customer.customer_tags t WHERE t.customer_id = c.id AND t.tag_id = '" + vip + "')";

        long t = System.nanoTime();
        String all = id(post("/segments", "{\"name\": \"everyone\", \"conditions\": " + everyone + "}"));
        double fill = secs(t);
        double insertBaseline = timed(db, "CREATE TABLE customer.bench_members AS SELECT gen_random_uuid() AS segment_id, id AS customer_id"
                + " FROM customer.customers; ALTER TABLE customer.bench_members ADD PRIMARY KEY (segment_id, customer_id); DROP TABLE customer.bench_members");
        rows.add(String.format(Locale.ROOT, "| segment of %,d members created (conditions checked, members written, counted) | %.2f s |"
                + " the same rows into a new table with its primary key: %.2f s |", count(db, "SELECT customer_count FROM customer.customer_segments"
                + " WHERE id = '" + all + "'"), fill, insertBaseline));
        t = System.nanoTime();
        String german = id(post("/segments", "{\"name\": \"german over 30, not vip\", \"conditions\": " + germanOver30 + "}"));
        long germanCount = count(db, "SELECT customer_count FROM customer.customer_segments WHERE id = '" + german + "'");
        rows.add(String.format(Locale.ROOT, "| segment of %,d members created | %.2f s | |", germanCount, secs(t)));

        List<Double> stored = latencies(50, () -> get("/segments/" + all));
        List<Double> counted = latencies(10, () -> query(db, "SELECT count(*) FROM customer.segment_memberships WHERE segment_id = '" + all + "'"));
        rows.add(String.format(Locale.ROOT, "| `GET /segments/{id}`, stored count of %,d (median, max of 50) | %.1f ms, %.1f ms |"
                + " counting its memberships in SQL: %.1f ms |", customers, median(stored), max(stored), median(counted)));

        String previewBody = "{\"conditions\": " + germanOver30 + "}";
        List<Double> preview = latencies(10, () -> post("/segments/preview", previewBody));
        List<Double> sql = latencies(10, () -> query(db, germanOver30Sql));
        rows.add(String.format(Locale.ROOT, "| `POST /segments/preview` over %,d customers, count %,d and a sample (median, max of 10) | %.0f ms, %.0f ms |"
                + " the count alone in SQL, by hand: %.0f ms |", customers, germanCount, median(preview), max(preview), median(sql)));

        listPages(vip);

        // a customer's change reaching the segments: German -> French leaves the German segment
        List<Double> upkeep = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = db.createStatement().executeQuery("SELECT customer_id FROM customer.segment_memberships WHERE segment_id = '"
                + german + "' LIMIT 30")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        for (String customer : ids) {
            long start = System.nanoTime();
            patch("/customers/" + customer, "{\"preferredLanguage\": \"fr\"}");
            awaitZero(db, "SELECT count(*) FROM customer.segment_memberships WHERE segment_id = '" + german + "' AND customer_id = '"
                    + customer + "'", Duration.ofSeconds(30));
            upkeep.add(secs(start) * 1000);
        }
        List<Double> patchAlone = latencies(30, () -> patch("/customers/" + ids.get(0), "{\"lastName\": \"Souza\"}"));
        rows.add(String.format(Locale.ROOT, "| a customer changed (PATCH) to out of a segment, two segments of %,d and %,d (median, max of %d) | %.0f ms, %.0f ms |"
                + " the PATCH alone: %.0f ms |", customers, germanCount, upkeep.size(), median(upkeep), max(upkeep), median(patchAlone)));

        double segmentResolution = resolve(db, bootstrap, "{\"segmentIds\": [\"" + all + "\"]}");
        double allResolution = resolve(db, bootstrap, "{\"all\": true}");
        rows.add(String.format(Locale.ROOT, "| a segment of %,d resolved as a campaign's audience (launch to every AudienceBatch written) | %.2f s |"
                + " `all` resolved: %.2f s |", customers, segmentResolution, allResolution));
    }

    /**
     * GET /customers with filters over every customer, a page of 50 each (median and max of 20), beside
     * the same request without a filter (the HTTP, the token and the page's loading: the floor).
     */
    private void listPages(String vip) throws Exception {
        String monthAgo = java.net.URLEncoder.encode(Instant.now().minus(Duration.ofDays(30)).toString(), StandardCharsets.UTF_8);
        List<Double> floor = latencies(20, () -> get("/customers?limit=50"));
        Map<String, String> filtered = new java.util.LinkedHashMap<>();
        filtered.put("language and source that never go together (none match)", "/customers?limit=50&preferredLanguage=de&source=bench-3");
        filtered.put("language and source (5%)", "/customers?limit=50&preferredLanguage=de&source=bench-4");
        filtered.put("a name's prefix (q, 11 match)", "/customers?limit=50&q=Ana12345");
        filtered.put("a broad name's prefix (q, 111,111 match)", "/customers?limit=50&q=Ana9");
        filtered.put("a phone number's prefix (q)", "/customers?limit=50&q=%2B491500004");
        filtered.put("a tag and a language", "/customers?limit=50&preferredLanguage=fr&tagId=" + vip);
        filtered.put("created in the last 30 days, newest first", "/customers?limit=50&sort=-createdAt&createdFrom=" + monthAgo);
        filtered.put("by name, a name's prefix", "/customers?limit=50&sort=name&q=Ana99");
        filtered.put("a country, without SMS consent (none match)", "/customers?limit=50&country=pt&smsConsent=false");
        for (Map.Entry<String, String> f : filtered.entrySet()) {
            List<Double> page = latencies(20, () -> get(f.getValue()));
            rows.add(String.format(Locale.ROOT, "| `GET /customers` over %,d: %s (median, max of 20) | %.1f ms, %.1f ms | no filter: %.1f ms |",
                    customers, f.getKey(), median(page), max(page), median(floor)));
        }
    }

    /** Seconds from CampaignLaunched sent to its audience resolution done. */
    private double resolve(Connection db, String bootstrap, String audience) throws Exception {
        UUID campaign = UUID.randomUUID();
        String body = "{\"campaignId\":\"" + campaign + "\",\"name\":\"bench\",\"launchedAt\":\"" + Instant.now() + "\","
                + "\"messageContent\":\"Hi {{firstName}}, this is the benchmark\",\"audience\":" + audience + ","
                + "\"maxRetries\":2,\"retryDelayMinutes\":1,\"priority\":0,\"timezone\":\"UTC\"}";
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long t;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>("campaign.events.v1", campaign.toString(), body.getBytes(StandardCharsets.UTF_8));
            Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "dnwerks.campaign.CampaignLaunched.v1",
                            "ce_source", "/campaign-service", "ce_subject", campaign.toString(), "ce_time", Instant.now().toString())
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            t = System.nanoTime();
            producer.send(record).get();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (count(db, "SELECT count(*) FROM customer.audience_resolutions WHERE campaign_id = '" + campaign + "' AND done_at IS NOT NULL") == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the audience was not resolved in 5 minutes");
            }
            Thread.sleep(20);
        }
        return secs(t);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static List<Double> latencies(int n, Call call) throws Exception {
        call.run(); // warm: the first of each is a plan and a connection
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            out.add((System.nanoTime() - t) / 1e6);
        }
        return out;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> xs) {
        return Collections.max(xs);
    }

    private static double timed(Connection db, String statements) throws SQLException {
        long t = System.nanoTime();
        try (Statement s = db.createStatement()) {
            for (String sql : statements.split("; ")) {
                s.execute(sql);
            }
        }
        return secs(t);
    }

    private static void query(Connection db, String sql) throws SQLException {
        count(db, sql);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitZero(Connection db, String sql, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(db, sql) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + timeout + ": " + sql);
            }
            Thread.sleep(5);
        }
    }

    private String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private void patch(String path, String json) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + path)).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private void get(String path) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.header("Authorization", token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String id(String body) {
        return body.replaceAll(".*?\"id\":\"([^\"]+)\".*", "$1");
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
