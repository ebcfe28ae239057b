package io.dnwerks.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An SMS gateway for development, tests and benchmarks.
 * <ul>
 *   <li>{@code POST /messages} {@code {"messageId","to","body","receiptUrl"}}: 202 {@code {"externalId"}} when
 *   accepted; 503 or 429 (with Retry-After) for a transient failure; 400 {@code {"error","permanent":true}} for a
 *   rejection. The message id is the idempotency key: a message accepted before is answered 200 with the same
 *   external id and not sent again.</li>
 *   <li>Receipts: {@code POST receiptUrl} {@code {"externalId","messageId","status","at"}} after the configured
 *   delay, status {@code delivered} or {@code failed}, signed with HMAC-SHA256 in {@code X-Simulator-Signature}
 *   when a secret is set, retried until the webhook answers 2xx.</li>
 *   <li>{@code GET /ledger} (totals), {@code GET /ledger/messages} (every message id: phone, external id,
 *   attempts, acceptances, receipt), {@code GET/PUT /config}, {@code DELETE /ledger}, {@code GET /health}.</li>
 * </ul>
 */
public final class SmsSimulator extends AbstractVerticle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final Shared shared;
    private final int port;
    private WebClient receipts;
    private Random random;

    /** What all event-loop instances share. */
    static final class Shared {
        volatile SimulatorConfig config;
        final String secret;

        Shared(SimulatorConfig config, String secret) {
            this.config = config;
            this.secret = secret;
        }
    }

    SmsSimulator(Ledger ledger, Shared shared, int port) {
        this.ledger = ledger;
        this.shared = shared;
        this.port = port;
    }

    /** Starts on {@code port} with one verticle per core; returns once it listens. */
    public static Running start(int port, SimulatorConfig config, String secret) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        Ledger ledger = new Ledger();
        Shared shared = new Shared(config, secret);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        CountDownLatch started = new CountDownLatch(instances);
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < instances; i++) {
            vertx.deployVerticle(new SmsSimulator(ledger, shared, port), new DeploymentOptions()).onComplete(r -> {
                if (r.failed()) {
                    failure[0] = r.cause();
                }
                started.countDown();
            });
        }
        if (!started.await(30, TimeUnit.SECONDS) || failure[0] != null) {
            vertx.close();
            throw new IllegalStateException("the simulator did not start on port " + port, failure[0]);
        }
        return new Running(vertx, ledger, shared, port);
    }

    /** A started simulator. */
    public record Running(Vertx vertx, Ledger ledger, Shared shared, int port) implements AutoCloseable {
        public void configure(SimulatorConfig config) {
            shared.config = config;
        }

        @Override
        public void close() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Override
    public void start(Promise<Void> started) {
        random = new Random(shared.config.seed() + System.identityHashCode(this));
        receipts = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        HttpServer server = vertx.createHttpServer();
        server.requestHandler(this::route).listen(port, "127.0.0.1")
                .onSuccess(s -> started.complete())
                .onFailure(started::fail);
    }

    private void route(HttpServerRequest req) {
        String path = req.path();
        switch (req.method().name() + " " + path) {
            case "POST /messages" -> req.body().onSuccess(body -> delay(() -> send(req, body)));
            case "GET /ledger" -> json(req, 200, totals());
            case "GET /ledger/messages" -> json(req, 200, messages());
            case "DELETE /ledger" -> {
                ledger.clear();
                req.response().setStatusCode(204).end();
            }
            case "GET /config" -> json(req, 200, JSON.valueToTree(shared.config));
            case "PUT /config" -> req.body().onSuccess(body -> {
                try {
                    shared.config = JSON.readValue(body.getBytes(), SimulatorConfig.class);
                    json(req, 200, JSON.valueToTree(shared.config));
                } catch (Exception e) {
                    json(req, 400, error("config is not valid: " + e.getMessage(), true));
                }
            });
            case "GET /health" -> json(req, 200, JSON.createObjectNode().put("status", "UP"));
            default -> json(req, 404, error("no such endpoint", true));
        }
    }

    private void delay(Runnable work) {
        long latency = shared.config.latencyMs();
        if (latency <= 0) {
            work.run();
        } else {
            vertx.setTimer(latency, id -> work.run());
        }
    }

    private void send(HttpServerRequest req, Buffer body) {
        JsonNode msg;
        try {
            msg = JSON.readTree(body.getBytes());
        } catch (Exception e) {
            json(req, 400, error("body is not JSON", true));
            return;
        }
        String messageId = msg.path("messageId").asText(req.getHeader("Idempotency-Key"));
        String to = msg.path("to").asText(null);
        if (messageId == null || messageId.isBlank() || to == null || !to.matches("^\\+[1-9][0-9]{1,14}$")) {
            json(req, 400, error("messageId and an E.164 'to' are required", true));
            return;
        }
        SimulatorConfig cfg = shared.config;
        Ledger.Entry entry = ledger.attempt(messageId, to);
        synchronized (entry) {
            if (entry.externalId != null) {
                json(req, 200, JSON.createObjectNode().put("externalId", entry.externalId).put("duplicate", true));
                return;
            }
            if (cfg.endsWithAny(to, cfg.rejectSuffixes())) {
                json(req, 400, error("destination rejected", true));
                return;
            }
            if (cfg.endsWithAny(to, cfg.flakySuffixes()) && entry.attempts.get() <= cfg.flakyTimes()) {
                json(req, 503, error("temporarily unavailable", false));
                return;
            }
            double draw = random.nextDouble();
            if (draw < cfg.permanentShare()) {
                json(req, 400, error("destination rejected", true));
                return;
            }
            if (draw < cfg.permanentShare() + cfg.transientShare()) {
                if (random.nextDouble() < cfg.rateLimitedShare()) {
                    req.response().putHeader("Retry-After", "1");
                    json(req, 429, error("too many requests", false));
                } else {
                    json(req, 503, error("temporarily unavailable", false));
                }
                return;
            }
            String externalId = "SIM-" + UUID.randomUUID();
            ledger.accept(entry, externalId);
            json(req, 202, JSON.createObjectNode().put("externalId", externalId));
            String receiptUrl = msg.path("receiptUrl").asText(null);
            if (receiptUrl != null && !receiptUrl.isBlank()) {
                boolean undelivered = cfg.endsWithAny(to, cfg.undeliverableSuffixes()) || random.nextDouble() < cfg.undeliveredShare();
                String status = undelivered ? "failed" : "delivered";
                entry.receipt = status;
                vertx.setTimer(Math.max(1, cfg.receiptDelayMs()), id -> receipt(receiptUrl, externalId, messageId, status, 0));
            }
        }
    }

    private void receipt(String url, String externalId, String messageId, String status, int attempt) {
        ObjectNode body = JSON.createObjectNode().put("externalId", externalId).put("messageId", messageId)
                .put("status", status).put("at", java.time.Instant.now().toString());
        if ("failed".equals(status)) {
            body.put("errorCode", "30003").put("errorMessage", "unreachable handset");
        }
        Buffer payload = Buffer.buffer(body.toString());
        var request = receipts.postAbs(url).putHeader("Content-Type", "application/json");
        if (shared.secret != null && !shared.secret.isBlank()) {
            request.putHeader("X-Simulator-Signature", sign(payload.getBytes()));
        }
        request.sendBuffer(payload).onComplete(r -> {
            boolean ok = r.succeeded() && r.result().statusCode() / 100 == 2;
            if (!ok && attempt < 20) {
                vertx.setTimer(Math.min(5000, 200L << Math.min(attempt, 5)), id -> receipt(url, externalId, messageId, status, attempt + 1));
            }
        });
    }

    private String sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(shared.secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode totals() {
        ObjectNode out = JSON.createObjectNode().put("attempts", ledger.attempts()).put("accepted", ledger.accepted())
                .put("messages", ledger.messages().size()).put("phones", ledger.acceptedByPhone().size());
        out.put("phonesAcceptedMoreThanOnce", ledger.acceptedByPhone().values().stream().filter(n -> n.get() > 1).count());
        return out;
    }

    private ArrayNode messages() {
        ArrayNode out = JSON.createArrayNode();
        for (Ledger.Entry e : ledger.messages().values()) {
            out.addObject().put("messageId", e.messageId).put("to", e.to).put("externalId", e.externalId)
                    .put("attempts", e.attempts.get()).put("accepted", e.accepted.get()).put("receipt", e.receipt);
        }
        return out;
    }

    private static ObjectNode error(String message, boolean permanent) {
        return JSON.createObjectNode().put("error", message).put("permanent", permanent);
    }

    private static void json(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /**
     * {@code java -cp ... io.dnwerks.simulator.SmsSimulator [--port 8090] [--latency-ms 0] [--transient 0.0]
     * [--rate-limited 0.0] [--permanent 0.0] [--undelivered 0.0] [--receipt-delay-ms 200]
     * [--reject-suffix 99] [--flaky-suffix 98 --flaky-times 2] [--undeliverable-suffix 97] [--seed 42]};
     * the webhook secret comes from SIMULATOR_WEBHOOK_SECRET.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        SimulatorConfig config = new SimulatorConfig(
                Long.parseLong(a.getOrDefault("latency-ms", "0")),
                Double.parseDouble(a.getOrDefault("transient", "0")),
                Double.parseDouble(a.getOrDefault("rate-limited", "0")),
                Double.parseDouble(a.getOrDefault("permanent", "0")),
                Double.parseDouble(a.getOrDefault("undelivered", "0")),
                Long.parseLong(a.getOrDefault("receipt-delay-ms", "200")),
                list(a.get("reject-suffix")), list(a.get("flaky-suffix")),
                Integer.parseInt(a.getOrDefault("flaky-times", "0")), list(a.get("undeliverable-suffix")),
                Long.parseLong(a.getOrDefault("seed", "42")));
        int port = Integer.parseInt(a.getOrDefault("port", "8090"));
        start(port, config, System.getenv("SIMULATOR_WEBHOOK_SECRET"));
        System.out.println("sms-simulator listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }
}
