package io.dnwerks.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> post(int port, String messageId, String to, String receiptUrl) throws Exception {
        String body = "{\"messageId\":\"" + messageId + "\",\"to\":\"" + to + "\",\"body\":\"hello\""
                + (receiptUrl == null ? "" : ",\"receiptUrl\":\"" + receiptUrl + "\"") + "}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptsOnceFailsOnRequestAndSendsSignedReceipts() throws Exception {
        LinkedBlockingQueue<String[]> receipts = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/receipts", ex -> {
            receipts.add(new String[] {new String(ex.getRequestBody().readAllBytes()), ex.getRequestHeaders().getFirst("X-Simulator-Signature")});
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String receiptUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/receipts";
        int port = freePort();
        SimulatorConfig config = new SimulatorConfig(0, 0, 0, 0, 0, 50, List.of("99"), List.of("98"), 2, List.of("97"), 7);
        try (SmsSimulator.Running sim = SmsSimulator.start(port, config, "s3cret")) {
            String id = UUID.randomUUID().toString();
            HttpResponse<String> first = post(port, id, "+4915100000001", receiptUrl);
            assertEquals(202, first.statusCode());
            String externalId = JSON.readTree(first.body()).path("externalId").asText();
            HttpResponse<String> again = post(port, id, "+4915100000001", receiptUrl);
            assertEquals(200, again.statusCode(), "the message id is the idempotency key");
            assertEquals(externalId, JSON.readTree(again.body()).path("externalId").asText());

            HttpResponse<String> rejected = post(port, UUID.randomUUID().toString(), "+4915100000099", null);
            assertEquals(400, rejected.statusCode());
            assertTrue(JSON.readTree(rejected.body()).path("permanent").asBoolean());

            String flaky = UUID.randomUUID().toString();
            assertEquals(503, post(port, flaky, "+4915100000098", null).statusCode());
            assertEquals(503, post(port, flaky, "+4915100000098", null).statusCode());
            assertEquals(202, post(port, flaky, "+4915100000098", null).statusCode());

            assertEquals(202, post(port, UUID.randomUUID().toString(), "+4915100000097", receiptUrl).statusCode());
            assertEquals(400, post(port, UUID.randomUUID().toString(), "not-a-phone", null).statusCode());

            String[] delivered = receipts.poll(10, TimeUnit.SECONDS);
            String[] failed = receipts.poll(10, TimeUnit.SECONDS);
            assertNotNull(delivered);
            assertNotNull(failed);
            JsonNode d = JSON.readTree(delivered[0]);
            assertEquals(externalId, d.path("externalId").asText());
            assertEquals("delivered", d.path("status").asText());
            assertEquals(64, delivered[1].length(), "HMAC-SHA256 in hex");
            assertEquals("failed", JSON.readTree(failed[0]).path("status").asText());

            assertEquals(3, sim.ledger().accepted());
            assertEquals(1, sim.ledger().acceptedByPhone().get("+4915100000001").get());
            JsonNode totals = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ledger")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(3, totals.path("accepted").asInt());
            assertEquals(0, totals.path("phonesAcceptedMoreThanOnce").asInt());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void randomSharesAreHonouredRoughly() throws Exception {
        int port = freePort();
        SimulatorConfig config = new SimulatorConfig(0, 0.3, 0.5, 0.1, 0, 50, List.of(), List.of(), 0, List.of(), 11);
        try (SmsSimulator.Running sim = SmsSimulator.start(port, config, null)) {
            int transientFailures = 0;
            int permanent = 0;
            int rateLimited = 0;
            for (int i = 0; i < 400; i++) {
                HttpResponse<String> r = post(port, UUID.randomUUID().toString(), "+4915100000001", null);
                if (r.statusCode() == 400) {
                    permanent++;
                } else if (r.statusCode() == 503 || r.statusCode() == 429) {
                    transientFailures++;
                    if (r.statusCode() == 429) {
                        rateLimited++;
                        assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                    }
                }
            }
            assertTrue(permanent > 15 && permanent < 70, "about 10% rejected: " + permanent);
            assertTrue(transientFailures > 80 && transientFailures < 170, "about 30% transient: " + transientFailures);
            assertTrue(rateLimited > 20, "about half of them 429: " + rateLimited);
        }
    }

    @Test
    void aBatchIsAnsweredPerMessageInOrderAndReceiptsComeBackTogether() throws Exception {
        LinkedBlockingQueue<String> posts = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/receipts", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes());
            posts.add(body);
            // the first time, the webhook does not know the first receipt's message yet
            JsonNode receipts = JSON.readTree(body).path("receipts");
            StringBuilder results = new StringBuilder("{\"results\":[");
            for (int i = 0; i < receipts.size(); i++) {
                String outcome = calls.get() == 0 && i == 0 ? "unknown" : "applied";
                results.append(i == 0 ? "" : ",").append("{\"outcome\":\"").append(outcome).append("\"}");
            }
            calls.incrementAndGet();
            byte[] answer = results.append("]}").toString().getBytes();
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        receiver.start();
        String receiptUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/receipts";
        int port = freePort();
        SimulatorConfig config = new SimulatorConfig(0, 0, 0, 0, 0, 50, List.of("99"), List.of("98"), 1, List.of(), 7, 100);
        try (SmsSimulator.Running sim = SmsSimulator.start(port, config, "s3cret")) {
            String ok1 = UUID.randomUUID().toString();
            String ok2 = UUID.randomUUID().toString();
            String body = "{\"messages\":["
                    + "{\"messageId\":\"" + ok1 + "\",\"to\":\"+4915100000001\",\"body\":\"a\",\"receiptUrl\":\"" + receiptUrl + "\"},"
                    + "{\"messageId\":\"" + UUID.randomUUID() + "\",\"to\":\"+4915100000099\",\"body\":\"b\"},"
                    + "{\"messageId\":\"" + UUID.randomUUID() + "\",\"to\":\"+4915100000098\",\"body\":\"c\"},"
                    + "{\"messageId\":\"" + ok2 + "\",\"to\":\"+4915100000002\",\"body\":\"d\",\"receiptUrl\":\"" + receiptUrl + "\"},"
                    + "{\"messageId\":\"" + ok1 + "\",\"to\":\"+4915100000001\",\"body\":\"a\"}]}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages/batch"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            JsonNode results = JSON.readTree(r.body()).path("results");
            assertEquals(5, results.size());
            assertEquals(202, results.get(0).path("status").asInt());
            assertEquals(ok1, results.get(0).path("messageId").asText());
            assertEquals(400, results.get(1).path("status").asInt());
            assertEquals(503, results.get(2).path("status").asInt());
            assertEquals(202, results.get(3).path("status").asInt());
            assertEquals(200, results.get(4).path("status").asInt(), "a repeat within the batch is a duplicate");
            assertEquals(results.get(0).path("externalId").asText(), results.get(4).path("externalId").asText());
            assertEquals(2, sim.ledger().accepted());

            JsonNode first = JSON.readTree(posts.poll(10, TimeUnit.SECONDS)).path("receipts");
            assertEquals(2, first.size(), "both receipts in one request");
            JsonNode resent = JSON.readTree(posts.poll(10, TimeUnit.SECONDS)).path("receipts");
            assertEquals(1, resent.size(), "only the receipt the webhook did not know is sent again");
            assertEquals(first.get(0).path("externalId").asText(), resent.get(0).path("externalId").asText());

            HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages/batch"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, empty.statusCode());
        } finally {
            receiver.stop(0);
        }
    }

    HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGatewayWideOutageFailsWholeRequestsUntilItIsOverAndCountsEarlyRetries() throws Exception {
        int port = freePort();
        try (SmsSimulator.Running sim = SmsSimulator.start(port, SimulatorConfig.defaults(), null)) {
            String batch = "{\"messages\":[{\"messageId\":\"m1\",\"to\":\"+4915100000001\",\"body\":\"a\"},"
                    + "{\"messageId\":\"m2\",\"to\":\"+4915100000002\",\"body\":\"b\"}]}";

            assertEquals(200, call(port, "PUT", "/outage", "{\"mode\":\"throttled\",\"retryAfterSeconds\":30}").statusCode());
            HttpResponse<String> throttled = call(port, "POST", "/messages/batch", batch);
            assertEquals(429, throttled.statusCode());
            assertEquals("30", throttled.headers().firstValue("Retry-After").orElse(null));
            assertEquals(0, sim.ledger().earlyRetries());
            call(port, "POST", "/messages/batch", batch);
            assertEquals(2, sim.ledger().earlyRetries(), "both messages asked again within their 30 s");

            assertEquals(200, call(port, "PUT", "/outage", "{\"mode\":\"UNAVAILABLE\"}").statusCode());
            assertEquals(503, call(port, "POST", "/messages", "{\"messageId\":\"m3\",\"to\":\"+4915100000003\"}").statusCode());
            assertEquals(0, sim.ledger().accepted(), "nothing is sent during an outage");

            // held past the sender's patience, then sent all the same: the sender cannot tell
            assertEquals(200, call(port, "PUT", "/outage", "{\"mode\":\"timeout\",\"holdMs\":400}").statusCode());
            HttpRequest impatient = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"m4\",\"to\":\"+4915100000004\"}"))
                    .timeout(java.time.Duration.ofMillis(100)).build();
            org.junit.jupiter.api.Assertions.assertThrows(java.net.http.HttpTimeoutException.class,
                    () -> http.send(impatient, HttpResponse.BodyHandlers.ofString()));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> sim.ledger().accepted() == 1);

            assertEquals(400, call(port, "PUT", "/outage", "{\"mode\":\"sometimes\"}").statusCode());
            assertEquals(204, call(port, "DELETE", "/outage", null).statusCode());
            assertEquals(200, call(port, "POST", "/messages/batch", batch).statusCode());
            assertEquals(3, sim.ledger().accepted());
            JsonNode totals = JSON.readTree(call(port, "GET", "/ledger", null).body());
            assertEquals(4, totals.path("earlyRetries").asInt(), "the send after the outage came within the 30 s too");
            assertEquals("none", totals.path("outage").asText());
        }
    }

    @Test
    void mixedOutageTakesTurns() {
        Outage o = new Outage();
        assertEquals(Outage.Fault.NONE, o.next());
        o.set(new Outage.Settings(Outage.Mode.MIXED, 0, 100));
        assertEquals(1, o.settings().retryAfterSeconds(), "a throttling outage always asks for at least a second");
        assertEquals(List.of(Outage.Fault.THROTTLED, Outage.Fault.UNAVAILABLE, Outage.Fault.TIMEOUT, Outage.Fault.THROTTLED),
                List.of(o.next(), o.next(), o.next(), o.next()));
    }
}
