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
 *   external id and not sent again (unless started with {@code --ignore-idempotency true}, as a gateway
 *   without idempotency keys: then each attempt is texted).</li>
 *   <li>{@code POST /messages/batch} {@code {"messages":[...]}} (up to 1,000): 200 {@code {"results":[...]}}, one
 *   per message in order, each the single endpoint's answer plus {@code messageId}, {@code status} and, for a 429,
 *   {@code retryAfter} seconds.</li>
 *   <li>Receipts: {@code POST receiptUrl} {@code {"externalId","messageId","status","at"}} after the configured
 *   delay, status {@code delivered} or {@code failed}, signed with HMAC-SHA256 of {@code <X-Simulator-Timestamp>.<body>} in {@code X-Simulator-Signature}
 *   when a secret is set, retried until the webhook answers 2xx. With {@code --receipt-batch N} the receipts due
 *   together go as {@code {"receipts":[...]}}, up to N per request; receipts the webhook answers
 *   {@code "unknown"} are sent again, as some gateways do (delivery-service keeps a receipt it cannot place
 *   yet and answers {@code "parked"}, so it never asks).</li>
 *   <li>{@code POST /unsubscribed} {@code {"phone"}}: the number opted out at the carrier; messages to it are
 *   answered 400 {@code {"code":21610}}, as Twilio answers them.</li>
 *   <li>{@code POST /inbound} {@code {"from","to","text"}}: a phone sends an SMS (MO), delivered signed to the
 *   platform's inbound webhook (SIMULATOR_INBOUND_URL, or {@code "url"} in the request), see {@link InboundSender}.</li>
 *   <li>{@code GET /ledger} (totals), {@code GET /ledger/messages} (every message id: phone, external id,
 *   attempts, acceptances, receipt, text, when first accepted and with which receipt URL), {@code GET/PUT /config}, {@code DELETE /ledger}, {@code GET /health}.</li>
 *   <li>{@code PUT /outage} {@code {"mode":"mixed","retryAfterSeconds":2,"holdMs":6000}} makes the whole gateway
 *   fail until {@code DELETE /outage} (see {@link Outage}); the ledger's {@code earlyRetries} counts messages
 *   asked for again before a 429's Retry-After ran out.</li>
 * </ul>
 */
public final class SmsSimulator extends AbstractVerticle {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("^\\+[1-9][0-9]{1,14}$");

    private final Ledger ledger;
    private final Shared shared;
    private final int port;
    private ReceiptSender receipts;
    private InboundSender inbound;
    private Random random;

    /** What all event-loop instances share. */
    static final class Shared {
        volatile SimulatorConfig config;
        final String secret;
        final Outage outage = new Outage();
        /** numbers that opted out at the carrier: messages to them are refused as Twilio's 21610 does */
        final java.util.Set<String> unsubscribed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** where POST /inbound delivers what phones "send" (the platform's inbound webhook) */
        volatile String inboundUrl = System.getenv("SIMULATOR_INBOUND_URL");

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

        /** Where inbound messages (POST /inbound) are delivered: the platform's inbound webhook. */
        public void inboundUrl(String url) {
            shared.inboundUrl = url;
        }

        /** The gateway-wide fault switch, as {@code PUT/DELETE /outage} sets it. */
        public Outage outage() {
            return shared.outage;
        }

        @Override
        public void close() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Override
    public void start(Promise<Void> started) {
        random = new Random(shared.config.seed() + System.identityHashCode(this));
        WebClient http = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        receipts = new ReceiptSender(vertx, http, shared);
        inbound = new InboundSender(vertx, http, shared);
        HttpServer server = vertx.createHttpServer();
        server.requestHandler(this::route).listen(port, "127.0.0.1")
                .onSuccess(s -> started.complete())
                .onFailure(started::fail);
    }

    private void route(HttpServerRequest req) {
        String path = req.path();
        switch (req.method().name() + " " + path) {
            case "POST /messages" -> req.body().onSuccess(body -> handle(req, body, false));
            case "POST /messages/batch" -> req.body().onSuccess(body -> handle(req, body, true));
            case "GET /outage" -> json(req, 200, JSON.valueToTree(shared.outage.settings()));
            case "PUT /outage" -> req.body().onSuccess(body -> {
                try {
                    shared.outage.set(JSON.readValue(body.getBytes(), Outage.Settings.class));
                    json(req, 200, JSON.valueToTree(shared.outage.settings()));
                } catch (Exception e) {
                    json(req, 400, error("outage is not valid: " + e.getMessage(), true));
                }
            });
            case "DELETE /outage" -> {
                shared.outage.set(Outage.Settings.OFF);
                req.response().setStatusCode(204).end();
            }
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
            case "POST /inbound" -> req.body().onSuccess(body -> inbound.receive(req, body));
            case "POST /unsubscribed" -> req.body().onSuccess(body -> {
                try {
                    String phone = JSON.readTree(body.getBytes()).path("phone").asText(null);
                    if (phone == null || !E164.matcher(phone).matches()) {
                        json(req, 400, error("an E.164 'phone' is required", true));
                        return;
                    }
                    shared.unsubscribed.add(phone);
                    req.response().setStatusCode(204).end();
                } catch (Exception e) {
                    json(req, 400, error("body is not JSON", true));
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

    /** What the gateway answers for one message: an HTTP status, its JSON body, and Retry-After seconds when asked. */
    private record Answer(int status, ObjectNode body, String retryAfter) {
        static Answer of(int status, ObjectNode body) {
            return new Answer(status, body, null);
        }
    }

    /** Every send request: the ledger's early-retry check, then a gateway-wide outage if one is on, then the messages. */
    private void handle(HttpServerRequest req, Buffer body, boolean batch) {
        JsonNode json;
        try {
            json = JSON.readTree(body.getBytes());
        } catch (Exception e) {
            json(req, 400, error("body is not JSON", true));
            return;
        }
        Map<String, String> asked = new java.util.LinkedHashMap<>();
        for (JsonNode msg : batch ? json.path("messages") : JSON.createArrayNode().add(json)) {
            String id = msg.path("messageId").asText(batch ? null : req.getHeader("Idempotency-Key"));
            if (id != null && !id.isBlank()) {
                asked.put(id, msg.path("to").asText(""));
            }
        }
        ledger.arrived(asked);
        Runnable work = () -> {
            if (batch) {
                sendBatch(req, json);
            } else {
                send(req, json);
            }
        };
        Outage.Settings outage = shared.outage.settings();
        switch (shared.outage.next()) {
            case UNAVAILABLE -> json(req, 503, error("gateway unavailable", false));
            case THROTTLED -> {
                ledger.throttled(asked, outage.retryAfterSeconds());
                req.response().putHeader("Retry-After", String.valueOf(outage.retryAfterSeconds()));
                json(req, 429, error("too many requests", false));
            }
            case TIMEOUT -> vertx.setTimer(Math.max(1, outage.holdMs()), id -> work.run());
            case NONE -> delay(work);
        }
    }

    private void send(HttpServerRequest req, JsonNode msg) {
        Answer a = accept(msg, req.getHeader("Idempotency-Key"));
        if (a.retryAfter() != null) {
            req.response().putHeader("Retry-After", a.retryAfter());
        }
        json(req, a.status(), a.body());
    }

    /**
     * {@code {"messages":[...]}}, each as for POST /messages: 200 {@code {"results":[...]}} in the same order,
     * each result the single endpoint's body plus its {@code messageId}, {@code status} and {@code retryAfter}.
     */
    private void sendBatch(HttpServerRequest req, JsonNode batch) {
        JsonNode messages = batch.path("messages");
        if (!messages.isArray() || messages.isEmpty() || messages.size() > 1000) {
            json(req, 400, error("'messages' must be an array of 1 to 1000 messages", true));
            return;
        }
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode msg : messages) {
            Answer a = accept(msg, null);
            ObjectNode r = a.body().put("messageId", msg.path("messageId").asText(null)).put("status", a.status());
            if (a.retryAfter() != null) {
                r.put("retryAfter", Integer.parseInt(a.retryAfter()));
            }
            results.add(r);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("results", results);
        json(req, 200, out);
    }

    private Answer accept(JsonNode msg, String idempotencyKey) {
        String messageId = msg.path("messageId").asText(idempotencyKey);
        String to = msg.path("to").asText(null);
        if (messageId == null || messageId.isBlank() || to == null || !E164.matcher(to).matches()) {
            return Answer.of(400, error("messageId and an E.164 'to' are required", true));
        }
        SimulatorConfig cfg = shared.config;
        Ledger.Entry entry = ledger.attempt(messageId, to, msg.path("body").asText(null));
        synchronized (entry) {
            if (entry.externalId != null && !cfg.ignoreIdempotency()) {
                return Answer.of(200, JSON.createObjectNode().put("externalId", entry.externalId).put("duplicate", true));
            }
            if (cfg.endsWithAny(to, cfg.rejectSuffixes())) {
                return Answer.of(400, error("destination rejected", true));
            }
            if (shared.unsubscribed.contains(to)) {
                return Answer.of(400, error("Attempt to send to unsubscribed recipient", true).put("code", UNSUBSCRIBED_CODE));
            }
            if (cfg.endsWithAny(to, cfg.flakySuffixes()) && entry.attempts.get() <= cfg.flakyTimes()) {
                return Answer.of(503, error("temporarily unavailable", false));
            }
            double draw = random.nextDouble();
            if (draw < cfg.permanentShare()) {
                return Answer.of(400, error("destination rejected", true));
            }
            if (draw < cfg.permanentShare() + cfg.transientShare()) {
                if (random.nextDouble() < cfg.rateLimitedShare()) {
                    ledger.throttled(Map.of(messageId, to), 1);
                    return new Answer(429, error("too many requests", false), "1");
                }
                return Answer.of(503, error("temporarily unavailable", false));
            }
            String externalId = "SIM-" + UUID.randomUUID();
            String receiptUrl = msg.path("receiptUrl").asText(null);
            ledger.accept(entry, externalId, receiptUrl);
            if (receiptUrl != null && !receiptUrl.isBlank()) {
                boolean undelivered = cfg.endsWithAny(to, cfg.undeliverableSuffixes()) || random.nextDouble() < cfg.undeliveredShare();
                String status = undelivered ? "failed" : "delivered";
                entry.receipt = status;
                vertx.setTimer(Math.max(1, cfg.receiptDelayMs()), id -> receipts.add(receiptUrl, receiptBody(externalId, messageId, status)));
            }
            return Answer.of(202, JSON.createObjectNode().put("externalId", externalId));
        }
    }

    private static ObjectNode receiptBody(String externalId, String messageId, String status) {
        ObjectNode body = JSON.createObjectNode().put("externalId", externalId).put("messageId", messageId)
                .put("status", status).put("at", java.time.Instant.now().toString());
        if ("failed".equals(status)) {
            body.put("errorCode", "30003").put("errorMessage", "unreachable handset");
        }
        return body;
    }

    private ObjectNode totals() {
        ObjectNode out = JSON.createObjectNode().put("attempts", ledger.attempts()).put("accepted", ledger.accepted())
                .put("messages", ledger.messages().size()).put("phones", ledger.acceptedByPhone().size())
                .put("earlyRetries", ledger.earlyRetries()).put("outage", shared.outage.settings().mode().name().toLowerCase(java.util.Locale.ROOT));
        out.put("phonesAcceptedMoreThanOnce", ledger.acceptedByPhone().values().stream().filter(n -> n.get() > 1).count());
        return out;
    }

    private ArrayNode messages() {
        ArrayNode out = JSON.createArrayNode();
        for (Ledger.Entry e : ledger.messages().values()) {
            out.addObject().put("messageId", e.messageId).put("to", e.to).put("externalId", e.externalId)
                    .put("attempts", e.attempts.get()).put("accepted", e.accepted.get()).put("receipt", e.receipt)
                    .put("text", e.text).put("acceptedAt", e.acceptedAtMs == 0 ? null : java.time.Instant.ofEpochMilli(e.acceptedAtMs).toString())
                    .put("receiptUrl", e.receiptUrl);
        }
        return out;
    }

    /** Twilio's error for a number that replied STOP at the carrier (its own opt-out handling). */
    public static final int UNSUBSCRIBED_CODE = 21610;

    private static ObjectNode error(String message, boolean permanent) {
        return JSON.createObjectNode().put("error", message).put("permanent", permanent);
    }

    private static void json(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /**
     * {@code java -cp ... io.dnwerks.simulator.SmsSimulator [--port 8090] [--latency-ms 0] [--transient 0.0]
     * [--rate-limited 0.0] [--permanent 0.0] [--undelivered 0.0] [--receipt-delay-ms 200] [--receipt-batch 1]
     * [--reject-suffix 99] [--flaky-suffix 98 --flaky-times 2] [--undeliverable-suffix 97] [--seed 42]
     * [--ignore-idempotency true] [--inbound-url http://127.0.0.1:8083/webhooks/inbound/simulator]};
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
                Long.parseLong(a.getOrDefault("seed", "42")),
                Integer.parseInt(a.getOrDefault("receipt-batch", "1")),
                Boolean.parseBoolean(a.getOrDefault("ignore-idempotency", "false")));
        int port = Integer.parseInt(a.getOrDefault("port", "8090"));
        Running running = start(port, config, System.getenv("SIMULATOR_WEBHOOK_SECRET"));
        if (a.containsKey("inbound-url")) {
            running.inboundUrl(a.get("inbound-url"));
        }
        System.out.println("sms-simulator listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }
}
