package io.dnwerks.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quiet hours at send time, with delivery-service's clock at {@link #AT}, 13:00 UTC on a Friday in
 * January (plus the time since start): 14:00 in Berlin, 18:30 in Kolkata, 08:00 in New York, 07:00 in
 * Chicago, 05:00 in Los Angeles and 22:00 in Tokyo, whenever the test runs. Each recipient is sent to,
 * deferred to their window's opening, or (past the campaign's deadline) rejected, by their local time.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SimulatorTestResource.class, initArgs = @ResourceArg(name = "clockAt", value = QuietHoursDispatchTest.AT_TEXT),
        scope = TestResourceScope.MATCHING_RESOURCES)
class QuietHoursDispatchTest {

    static final String AT_TEXT = "2027-01-15T13:00:00Z";
    static final Instant AT = Instant.parse(AT_TEXT);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One batch (the whole audience) of a campaign with the given sending rules (null for none). */
    static void launch(UUID campaign, String window, String sendAtLocal, Instant deadline, Map<String, String[]> phoneAndZoneByName) {
        ObjectNode c = JSON.createObjectNode().put("name", "Quiet").put("launchedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("messageContent", "Hello {{firstName}}, our winter sale").put("maxRetries", 2).put("retryDelayMinutes", 1)
                .put("priority", 0).put("timezone", "UTC").put("sendingWindow", window).put("sendAtLocalTime", sendAtLocal)
                .put("deadline", deadline == null ? null : deadline.toString());
        ArrayNode recipients = JSON.createArrayNode();
        phoneAndZoneByName.forEach((name, pz) -> recipients.addObject().put("customerId", UUID.randomUUID().toString()).put("phone", pz[0])
                .put("firstName", name).put("lastName", "X").put("timezone", pz[1]));
        ObjectNode batch = JSON.createObjectNode().put("campaignId", campaign.toString()).put("batchNo", 0).put("last", true)
                .put("batchCount", 1).put("recipientCount", recipients.size());
        batch.set("campaign", c);
        batch.set("recipients", recipients);
        TopicProbe.send("campaign.audience.v1", campaign.toString(), batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "dnwerks.customer.AudienceBatch.v1",
                        "ce_source", "/customer-service", "ce_subject", campaign.toString()));
    }

    record Row(String status, String waitingFor, String error, long waitSeconds) {
    }

    static Map<String, Row> byFirstName(UUID campaign) throws Exception {
        Map<String, Row> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT split_part(message_content, ' ', 2) AS name, status, waiting_for,"
                     + " coalesce(error_message, '') AS error, coalesce(extract(epoch FROM next_retry_at - now()), 0)::bigint AS wait"
                     + " FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'")) {
            while (rs.next()) {
                out.put(rs.getString("name").replace(",", ""), new Row(rs.getString("status"), rs.getString("waiting_for"),
                        rs.getString("error"), rs.getLong("wait")));
            }
        }
        return out;
    }

    /** The message waits until {@code opening}, as the service's clock (the real one plus its offset) has it. */
    static void assertWaits(Row row, Instant opening, String who) {
        assertEquals("pending", row.status(), who);
        assertEquals("quiet-hours", row.waitingFor(), who);
        long expected = Duration.between(Instant.now().plus(SimulatorTestResource.clock), opening).toSeconds();
        assertTrue(Math.abs(row.waitSeconds() - expected) < 30, who + " waits about " + expected + " s, waits " + row.waitSeconds());
    }

    @Test
    void eachRecipientIsTextedOnlyInsideTheirOwnWindow() throws Exception {
        UUID campaign = UUID.randomUUID();
        Map<String, String[]> audience = new HashMap<>();
        audience.put("Berlin", new String[] {DispatchTest.phone("51"), "Europe/Berlin"});         // 14:00: open
        audience.put("Kolkata", new String[] {"+9198" + DispatchTest.phone("52").substring(6), "Asia/Kolkata"}); // 18:30: open
        audience.put("Unset", new String[] {DispatchTest.phone("53"), "UTC"});                    // a German number: Berlin, open
        audience.put("LosAngeles", new String[] {DispatchTest.phone("54"), "America/Los_Angeles"}); // 05:00: opens 16:00Z
        audience.put("Tokyo", new String[] {DispatchTest.phone("55"), "Asia/Tokyo"});             // 22:00: opens 23:00Z
        audience.put("Florida", new String[] {"+1305555" + (1000 + (int) (Math.random() * 8999)), "UTC"}); // Chicago 07:00: opens 14:00Z
        launch(campaign, null, null, null, audience);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Row> rows = byFirstName(campaign);
            return rows.size() == 6 && rows.values().stream().allMatch(r -> r.status().equals("delivered") || "quiet-hours".equals(r.waitingFor()));
        });
        Map<String, Row> rows = byFirstName(campaign);
        for (String open : new String[] {"Berlin", "Kolkata", "Unset"}) {
            assertEquals("delivered", rows.get(open).status(), open);
            assertTrue(SimulatorTestResource.simulator.ledger().acceptedByPhone().containsKey(audience.get(open)[0]), open);
        }
        assertWaits(rows.get("LosAngeles"), Instant.parse("2027-01-15T16:00:00Z"), "Los Angeles, until 08:00 PST");
        assertWaits(rows.get("Tokyo"), Instant.parse("2027-01-15T23:00:00Z"), "Tokyo, until 08:00 JST");
        assertWaits(rows.get("Florida"), Instant.parse("2027-01-15T14:00:00Z"), "a Florida number, until 08:00 in its Central zone");
        for (String closed : new String[] {"LosAngeles", "Tokyo", "Florida"}) {
            assertFalse(SimulatorTestResource.simulator.ledger().acceptedByPhone().containsKey(audience.get(closed)[0]), closed);
            assertEquals(0, Integer.parseInt(String.valueOf(retries(campaign, audience.get(closed)[0]))), "waiting costs no retry");
        }
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/stats")
                .then().statusCode(200).body("total", equalTo(6)).body("byStatus.delivered", equalTo(3))
                .body("byStatus.pending", equalTo(3)).body("waiting.quiet-hours", equalTo(3));
    }

    @Test
    void aDeadlineEndsWhatCannotGoInTimeAndACampaignWindowAndLocalSendTimeNarrowTheDay() throws Exception {
        UUID campaign = UUID.randomUUID();
        Map<String, String[]> audience = new HashMap<>();
        audience.put("Berlin", new String[] {DispatchTest.phone("61"), "Europe/Berlin"});     // 14:00, sends at 14:30 local
        audience.put("Kolkata", new String[] {"+9197" + DispatchTest.phone("62").substring(6), "Asia/Kolkata"}); // 14:30 IST was at 09:00Z: now
        audience.put("LosAngeles", new String[] {DispatchTest.phone("63"), "America/Los_Angeles"}); // 14:30 PST is 22:30Z: past the deadline
        Instant deadline = AT.plus(Duration.ofHours(2));
        launch(campaign, "09:00-20:00 MON-FRI", "2027-01-15T14:30:00", deadline, audience);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Row> rows = byFirstName(campaign);
            return rows.size() == 3 && "delivered".equals(rows.get("Kolkata").status()) && "rejected".equals(rows.get("LosAngeles").status())
                    && "quiet-hours".equals(rows.get("Berlin").waitingFor());
        });
        Map<String, Row> rows = byFirstName(campaign);
        assertWaits(rows.get("Berlin"), Instant.parse("2027-01-15T13:30:00Z"), "Berlin, until 14:30 local");
        assertEquals("quiet-hours", rows.get("LosAngeles").error());
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/stats")
                .then().statusCode(200).body("rejected.quiet-hours", equalTo(1)).body("waiting.quiet-hours", equalTo(1));
    }

    static int retries(UUID campaign, String phone) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT retry_count FROM delivery.campaign_messages WHERE campaign_id = '"
                     + campaign + "' AND phone_number = '" + phone + "'")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }
}
