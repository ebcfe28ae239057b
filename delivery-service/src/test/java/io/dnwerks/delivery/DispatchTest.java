package io.dnwerks.delivery;

import io.dnwerks.simulator.Ledger;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DispatchTest {

    static String phone(String suffix) {
        String digits = String.valueOf(100000000L + (long) (Math.random() * 800000000L));
        return "+4917" + digits.substring(0, 9 - suffix.length()) + suffix;
    }

    /** Waits until the campaign has no message pending or sent; returns status counts. */
    static Map<String, Integer> statusCounts(UUID campaign) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT status, count(*) FROM delivery.campaign_messages"
                     + " WHERE campaign_id = '" + campaign + "' GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    static Map<String, Integer> awaitFinal(UUID campaign, int total, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Integer> counts = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            counts = statusCounts(campaign);
            int all = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (all == total && !counts.containsKey("pending") && !counts.containsKey("sent")) {
                return counts;
            }
            Thread.sleep(200);
        }
        return counts;
    }

    static Map<String, Integer> counters(UUID campaign) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             // the counts folded so far plus the deltas not folded yet
             ResultSet rs = c.createStatement().executeQuery("SELECT c.total + coalesce(sum(d.total), 0) AS total,"
                     + " c.pending + coalesce(sum(d.pending), 0) AS pending, c.sent + coalesce(sum(d.sent), 0) AS sent,"
                     + " c.delivered + coalesce(sum(d.delivered), 0) AS delivered, c.failed + coalesce(sum(d.failed), 0) AS failed,"
                     + " c.bounced + coalesce(sum(d.bounced), 0) AS bounced, c.rejected + coalesce(sum(d.rejected), 0) AS rejected"
                     + " FROM delivery.delivery_campaigns c LEFT JOIN delivery.campaign_count_deltas d ON d.campaign_id = c.campaign_id"
                     + " WHERE c.campaign_id = '" + campaign + "' GROUP BY c.campaign_id")) {
            assertTrue(rs.next());
            Map<String, Integer> m = new HashMap<>();
            for (String k : List.of("total", "pending", "sent", "delivered", "failed", "bounced", "rejected")) {
                m.put(k, rs.getInt(k));
            }
            return m;
        }
    }

    @Test
    void everyMessageReachesItsFinalStatusThroughTheGatewayOnce() throws Exception {
        UUID campaign = UUID.randomUUID();
        String ok1 = phone("11");
        String ok2 = phone("12");
        String rejected = phone("99");
        String flaky = phone("98");
        String undeliverable = phone("97");
        String recipients = String.join(",",
                FanOutTest.recipient(UUID.randomUUID(), ok1, "Ana", "A"), FanOutTest.recipient(UUID.randomUUID(), ok2, "Bo", "B"),
                FanOutTest.recipient(UUID.randomUUID(), rejected, "Cy", "C"), FanOutTest.recipient(UUID.randomUUID(), flaky, "Di", "D"),
                FanOutTest.recipient(UUID.randomUUID(), undeliverable, "Ed", "E"));
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, recipients);

        Map<String, Integer> statuses = awaitFinal(campaign, 5, Duration.ofSeconds(60));
        assertEquals(Map.of("delivered", 3, "failed", 1, "rejected", 1), statuses);
        Map<String, Integer> counters = counters(campaign);
        assertEquals(5, counters.get("total"));
        assertEquals(0, counters.get("pending"));
        assertEquals(0, counters.get("sent"));
        assertEquals(3, counters.get("delivered"));
        assertEquals(1, counters.get("failed"));
        assertEquals(1, counters.get("rejected"));

        Ledger ledger = SimulatorTestResource.simulator.ledger();
        for (String p : List.of(ok1, ok2, flaky, undeliverable)) {
            assertEquals(1, ledger.acceptedByPhone().get(p).get(), "accepted exactly once: " + p);
        }
        assertTrue(!ledger.acceptedByPhone().containsKey(rejected));
        Ledger.Entry flakyEntry = ledger.messages().values().stream().filter(e -> e.to.equals(flaky)).findFirst().orElseThrow();
        assertEquals(3, flakyEntry.attempts.get(), "two transient failures, then accepted");

        List<Map<String, Object>> messages = given().header("Authorization", Tokens.bearer("marketer"))
                .get("/api/v1/campaigns/" + campaign + "/messages").then().statusCode(200).extract().path("items");
        for (Map<String, Object> m : messages) {
            if (m.get("phoneNumber").equals(flaky)) {
                assertEquals(2, m.get("retryCount"));
            }
            if (m.get("phoneNumber").equals(rejected)) {
                assertTrue(((String) m.get("errorMessage")).contains("400"));
            }
            if (!m.get("phoneNumber").equals(rejected)) {
                assertTrue(((String) m.get("externalId")).startsWith("SIM-"));
            }
        }
    }

    @Test
    void retriesStopAtMaxRetries() throws Exception {
        UUID campaign = UUID.randomUUID();
        String body = "{\"campaignId\":\"" + campaign + "\",\"batchNo\":0,\"last\":true,\"batchCount\":1,\"recipientCount\":1,"
                + "\"campaign\":{\"name\":\"x\",\"launchedAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\","
                + "\"messageContent\":\"Hello {{firstName}}, one try only\",\"maxRetries\":1,\"retryDelayMinutes\":1,"
                + "\"priority\":0,\"timezone\":\"UTC\"},\"recipients\":[" + FanOutTest.recipient(UUID.randomUUID(), phone("98"), "Fi", "F") + "]}";
        io.dnwerks.testing.TopicProbe.send("campaign.audience.v1", campaign.toString(), body.getBytes(StandardCharsets.UTF_8), Map.of(
                "ce_id", UUID.randomUUID().toString(), "ce_type", "dnwerks.customer.AudienceBatch.v1"));
        assertEquals(Map.of("failed", 1), awaitFinal(campaign, 1, Duration.ofSeconds(30)));
    }

    @Test
    void aCampaignIsSentOnceItsAudienceIsCompleteOrHasGoneQuiet() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // batch 0 of 2: the campaign waits for batch 1
        FanOutTest.batch(campaign, launchedAt, UUID.randomUUID(), 0, 2, FanOutTest.recipient(UUID.randomUUID(), phone("41"), "Ia", "I"));
        Thread.sleep(2000); // several folds and dispatch rounds
        assertEquals(Map.of("pending", 1), statusCounts(campaign), "nothing sent while the audience is incomplete");
        // batch 1 never comes (say it went to the DLQ): after the quiet period the campaign goes anyway
        assertEquals(Map.of("delivered", 1), awaitFinal(campaign, 1, Duration.ofSeconds(30)));

        UUID complete = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        FanOutTest.batch(complete, now, UUID.randomUUID(), 1, 2, FanOutTest.recipient(UUID.randomUUID(), phone("42"), "Jo", "J"));
        FanOutTest.batch(complete, now, UUID.randomUUID(), 0, 2, FanOutTest.recipient(UUID.randomUUID(), phone("43"), "Ka", "K"));
        assertEquals(Map.of("delivered", 2), awaitFinal(complete, 2, Duration.ofMillis(3500)),
                "a complete audience goes at once, well before the quiet period of 4 s");
    }

    @Test
    void receiptsAreSignedIdempotentAndMoveOnlyForward() throws Exception {
        String unknown = "{\"externalId\":\"SIM-nobody\",\"status\":\"delivered\"}";
        given().contentType(ContentType.JSON).header("X-Simulator-Signature", "00").body(unknown)
                .post("/webhooks/receipts/simulator").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(unknown).post("/webhooks/receipts/simulator").then().statusCode(401);
        // signed right, but five minutes and more ago (or ahead): a replay, refused
        given().contentType(ContentType.JSON).headers(signedAt(unknown, Instant.now().getEpochSecond() - 301)).body(unknown)
                .post("/webhooks/receipts/simulator").then().statusCode(401);
        given().contentType(ContentType.JSON).headers(signedAt(unknown, Instant.now().getEpochSecond() + 301)).body(unknown)
                .post("/webhooks/receipts/simulator").then().statusCode(401);
        // the body's signature without the time in it: refused
        given().contentType(ContentType.JSON).header("X-Simulator-Timestamp", String.valueOf(Instant.now().getEpochSecond()))
                .header("X-Simulator-Signature", sign(unknown)).body(unknown).post("/webhooks/receipts/simulator").then().statusCode(401);
        // the webhook is open to anyone: a body over the limit is refused before it is read or its signature checked
        given().contentType(ContentType.JSON).body("{\"receipts\":[\"" + "x".repeat(2_000_000) + "\"]}")
                .post("/webhooks/receipts/simulator").then().statusCode(413).contentType("application/problem+json");
        given().contentType(ContentType.JSON).headers(signed(unknown)).body(unknown)
                .post("/webhooks/receipts/simulator").then().statusCode(202); // kept until its send is recorded: EarlyReceiptsTest
        String tooLong = "{\"externalId\":\"SIM-" + "x".repeat(300) + "\",\"status\":\"delivered\"}";
        given().contentType(ContentType.JSON).headers(signed(tooLong)).body(tooLong)
                .post("/webhooks/receipts/simulator").then().statusCode(400).body("errors[0].field", equalTo("externalId"));
        String badStatus = "{\"externalId\":\"SIM-x\",\"status\":\"lost\"}";
        given().contentType(ContentType.JSON).headers(signed(badStatus)).body(badStatus)
                .post("/webhooks/receipts/simulator").then().statusCode(400);

        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), phone("21"), "Gi", "G"));
        assertEquals(Map.of("delivered", 1), awaitFinal(campaign, 1, Duration.ofSeconds(30)));
        String externalId = given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages")
                .then().extract().path("items[0].externalId");
        // a late "failed" after "delivered": the message stays delivered
        int processed = receiptsProcessed();
        String late = "{\"externalId\":\"" + externalId + "\",\"status\":\"failed\"}";
        given().contentType(ContentType.JSON).headers(signed(late)).body(late)
                .post("/webhooks/receipts/simulator").then().statusCode(202);
        // the same external id again, with "bounced": it is applied after the "failed" (one key, one partition)
        String later = "{\"externalId\":\"" + externalId + "\",\"status\":\"bounced\"}";
        given().contentType(ContentType.JSON).headers(signed(later)).body(later)
                .post("/webhooks/receipts/simulator").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiptsProcessed() >= processed + 2);
        assertEquals(Map.of("delivered", 1), statusCounts(campaign));
        assertEquals(1, counters(campaign).get("delivered"));
        assertEquals(0, counters(campaign).get("failed"));

        // a batch of receipts: one answer per receipt, in order
        String batch = "{\"receipts\":[{\"externalId\":\"SIM-nobody\",\"status\":\"delivered\"},"
                + "{\"externalId\":\"" + externalId + "\",\"status\":\"failed\"}]}";
        given().contentType(ContentType.JSON).headers(signed(batch)).body(batch)
                .post("/webhooks/receipts/simulator").then().statusCode(200)
                .body("results.externalId", org.hamcrest.Matchers.contains("SIM-nobody", externalId))
                .body("results.outcome", org.hamcrest.Matchers.contains("accepted", "accepted"));
        // one bad receipt refuses the whole batch, naming it; the good one beside it is not applied
        String bad = "{\"receipts\":[{\"externalId\":\"" + externalId + "\",\"status\":\"bounced\"},"
                + "{\"externalId\":\"SIM-x\",\"status\":\"lost\"}]}";
        given().contentType(ContentType.JSON).headers(signed(bad)).body(bad)
                .post("/webhooks/receipts/simulator").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("receipts[1].status"));
        for (String[] refused : new String[][] {
                {"{\"externalId\":\"SIM-x\",\"status\":\"delivered\",\"at\":\"+300000-01-01T00:00:00Z\"}", "at"},
                {"{\"externalId\":\"SIM-\\u0000x\",\"status\":\"delivered\"}", "externalId"},
                {"{\"externalId\":\"SIM-x\",\"status\":\"failed\",\"errorMessage\":\"a\\u0000b\"}", "errorMessage"}}) {
            // what PostgreSQL cannot store is refused before it could fail a statement shared with other receipts
            given().contentType(ContentType.JSON).headers(signed(refused[0])).body(refused[0])
                    .post("/webhooks/receipts/simulator").then().statusCode(400).body("errors[0].field", equalTo(refused[1]));
        }
        String empty = "{\"receipts\":[]}";
        given().contentType(ContentType.JSON).headers(signed(empty)).body(empty)
                .post("/webhooks/receipts/simulator").then().statusCode(400).body("errors[0].field", equalTo("receipts"));
        assertEquals(Map.of("delivered", 1), awaitFinal(campaign, 1, Duration.ofSeconds(5)));
    }

    @Test
    void aMessageLeasedByADeadDispatcherIsSentWhenTheLeaseRunsOut() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "")) {
            c.createStatement().execute("INSERT INTO delivery.delivery_campaigns (campaign_id, launched_at, status) VALUES ('"
                    + campaign + "', '" + launchedAt + "', 'paused')");
        }
        FanOutTest.batch(campaign, launchedAt, UUID.randomUUID(), 0, 1, FanOutTest.recipient(UUID.randomUUID(), phone("31"), "Ho", "H"));
        Instant leasedUntil;
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "")) {
            for (int i = 0; i < 100 && counters(campaign).get("total") == 0; i++) {
                Thread.sleep(100);
            }
            leasedUntil = Instant.now().plusSeconds(3);
            c.createStatement().execute("UPDATE delivery.campaign_messages SET lease_until = '" + leasedUntil + "' WHERE campaign_id = '" + campaign + "'");
            c.createStatement().execute("UPDATE delivery.delivery_campaigns SET status = 'sending' WHERE campaign_id = '" + campaign + "'");
        }
        assertEquals(Map.of("delivered", 1), awaitFinal(campaign, 1, Duration.ofSeconds(30)));
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT sent_at FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'")) {
            assertTrue(rs.next());
            assertTrue(!rs.getTimestamp(1).toInstant().isBefore(leasedUntil), "not sent while another dispatcher held it");
        }
    }

    /** How many journaled receipts the receipt consumer has taken (applied or found already final) so far. */
    static int receiptsProcessed() throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM delivery.processed_events"
                     + " WHERE consumer = 'receipts'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The headers a gateway signs a receipt with now: the time, and the HMAC of the time and the body. */
    static Map<String, String> signed(String body) throws Exception {
        return signedAt(body, Instant.now().getEpochSecond());
    }

    static Map<String, String> signedAt(String body, long epochSecond) throws Exception {
        return Map.of("X-Simulator-Timestamp", String.valueOf(epochSecond), "X-Simulator-Signature", sign(epochSecond + "." + body));
    }

    static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-only-not-a-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
