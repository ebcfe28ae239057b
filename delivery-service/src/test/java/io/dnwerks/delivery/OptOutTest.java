package io.dnwerks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.contracts.customer.ConsentChanged;
import io.dnwerks.contracts.customer.CustomerSnapshot;
import io.dnwerks.contracts.delivery.InboundMessageReceived;
import io.dnwerks.contracts.delivery.KeywordReceived;
import io.dnwerks.simulator.Ledger;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-outs at send time, over HTTP and real topics: the simulator delivers a phone's SMS to the
 * inbound webhook, STOP suppresses the number and ends its pending messages, each keyword gets one
 * reply, and consent changes from customer-service reach dispatch.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OptOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void pointTheSimulatorAtUs() {
        SimulatorTestResource.simulator.inboundUrl("http://127.0.0.1:" + RestAssured.port + "/webhooks/inbound/simulator");
    }

    /** A phone sends {@code text}, through the simulator to our webhook; returns the webhook's answer. */
    static JsonNode sms(String from, String text, String messageId) throws Exception {
        String body = JSON.createObjectNode().put("from", from).put("to", "+15005550006").put("text", text).put("messageId", messageId).toString();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + SimulatorTestResource.simulator.port() + "/inbound"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(200, answer.path("status").asInt(), answer.toString());
        return answer.path("response");
    }

    static void customerEvent(String type, UUID customerId, Object payload) throws Exception {
        TopicProbe.send("customer.events.v1", customerId.toString(), JSON.findAndRegisterModules().writeValueAsBytes(payload), Map.of(
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", type,
                "ce_source", "/customer-service", "ce_subject", customerId.toString()));
    }

    static CustomerSnapshot customer(UUID id, String phone, String language, boolean consent, boolean deleted) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        return new CustomerSnapshot(id, "Ana", "Lima", phone, null, "UTC", language, consent, false, false, now, deleted ? now : null);
    }

    /** The replies the gateway took for a phone: messages to it whose id is an inbound message's. */
    static List<Ledger.Entry> repliesTo(String phone) throws Exception {
        List<String> inboundIds = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM delivery.inbound_messages WHERE from_number = '" + phone + "'")) {
            while (rs.next()) {
                inboundIds.add(rs.getString(1));
            }
        }
        return SimulatorTestResource.simulator.ledger().messages().values().stream()
                .filter(e -> e.to.equals(phone) && inboundIds.contains(e.messageId) && e.accepted.get() > 0).toList();
    }

    static String messageStatus(UUID campaign, String phone) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT status || ':' || coalesce(error_message, '') FROM delivery.campaign_messages"
                     + " WHERE campaign_id = '" + campaign + "' AND phone_number = '" + phone + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aStopEndsTheNumbersRetryingMessageAtOnceWithOneConfirmationAndItsEvents() throws Exception {
        UUID customerId = UUID.randomUUID();
        String phone = DispatchTest.phone("98"); // the simulator fails it twice before taking it
        customerEvent(CustomerSnapshot.CREATED, customerId, customer(customerId, phone, "en", true, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone + "' AND customer_id IS NOT NULL") == 1);

        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(customerId, phone, "Ana", "Lima"));
        // its first attempt failed: it waits for its retry
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages"
                + " WHERE campaign_id = '" + campaign + "' AND retry_count >= 1 AND status = 'pending'") == 1);

        try (TopicProbe events = TopicProbe.tail("delivery.events.v1")) {
            Instant stop = Instant.now();
            JsonNode answer = sms(phone, " Stop. ", "MO-" + UUID.randomUUID());
            assertEquals("opt-out", answer.path("keyword").asText());
            assertFalse(answer.path("duplicate").asBoolean());
            // the STOP's own transaction ends the message, unless a round holds it at that moment: then
            // the round's last check before the gateway request does
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "rejected:opted-out".equals(messageStatus(campaign, phone)));
            long tookMs = Duration.between(stop, Instant.now()).toMillis();
            System.out.printf("STOP to the number's last message ended: %d ms%n", tookMs);
            assertTrue(tookMs < 5000, "from the STOP to no further send within 5 s, took " + tookMs + " ms");

            String inboundId = answer.path("inboundMessageId").asText();
            List<ConsumerRecord<String, byte[]>> got = events.await(r -> inboundId.equals(FanOutTest.body(r).path("inboundMessageId").asText()), 2,
                    Duration.ofSeconds(20));
            assertEquals(List.of(InboundMessageReceived.TYPE, KeywordReceived.OPT_OUT),
                    got.stream().map(r -> TopicProbe.header(r, "ce_type")).sorted().toList());
            for (ConsumerRecord<String, byte[]> r : got) {
                assertEquals(phone, r.key(), "keyed by the phone, so one number's keywords stay in order");
            }
        }

        // exactly one confirmation, in English, and nothing else to that phone was taken by the gateway
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(phone).size() == 1);
        assertTrue(repliesTo(phone).get(0).text.contains("unsubscribed"), repliesTo(phone).get(0).text);
        assertEquals(1, SimulatorTestResource.simulator.ledger().acceptedByPhone().get(phone).get(),
                "the confirmation is the only message the gateway took for the number");
        assertEquals("rejected:opted-out", messageStatus(campaign, phone));
        Map<String, Integer> counters = DispatchTest.counters(campaign);
        assertEquals(1, counters.get("rejected"));
        assertEquals(0, counters.get("pending"));
    }

    @Test
    void aGatewayDeliveringTheSameStopTwiceGetsOneRecordAndOneReply() throws Exception {
        String phone = DispatchTest.phone("31");
        String moId = "MO-" + UUID.randomUUID();
        JsonNode first = sms(phone, "STOP", moId);
        JsonNode again = sms(phone, "STOP", moId);
        assertTrue(again.path("duplicate").asBoolean());
        assertEquals(first.path("inboundMessageId").asText(), again.path("inboundMessageId").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(phone).size() == 1);
        // a second STOP (a new message) is a new keyword and gets its own confirmation
        sms(phone, "stop", "MO-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(phone).size() == 2);
        assertEquals(2, Sql.count("delivery_service", "SELECT count(*) FROM delivery.inbound_messages WHERE from_number = '" + phone + "'"));
    }

    @Test
    void aNumberNoCustomerHasIsSuppressedAndItsMessagesNeverGo() throws Exception {
        String phone = DispatchTest.phone("32");
        sms(phone, "unsubscribe", "MO-" + UUID.randomUUID());
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason = 'opted-out' AND customer_id IS NULL AND suppression_source = 'sms-keyword'"));
        // a campaign reaching the number later (delivery had never heard of its customer) does not text it
        UUID campaign = UUID.randomUUID();
        String other = DispatchTest.phone("33");
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), phone, "Bo", "B") + "," + FanOutTest.recipient(UUID.randomUUID(), other, "Cy", "C"));
        assertEquals(Map.of("delivered", 1, "rejected", 1), DispatchTest.awaitFinal(campaign, 2, Duration.ofSeconds(30)));
        assertEquals("rejected:opted-out", messageStatus(campaign, phone));
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(phone).size() == 1);
        assertEquals(1, SimulatorTestResource.simulator.ledger().acceptedByPhone().get(phone).get(), "only the confirmation");
    }

    @Test
    void startLiftsAnOptOutHelpIsAnsweredAndRepliesSpeakTheCustomersLanguage() throws Exception {
        UUID customerId = UUID.randomUUID();
        String phone = DispatchTest.phone("34");
        customerEvent(CustomerSnapshot.CREATED, customerId, customer(customerId, phone, "es", true, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone + "' AND preferred_language = 'es'") == 1);

        assertEquals("opt-out", sms(phone, "STOP", "MO-" + UUID.randomUUID()).path("keyword").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(phone).size() == 1);
        assertTrue(repliesTo(phone).get(0).text.startsWith("Se ha dado de baja"), "in Spanish: " + repliesTo(phone).get(0).text);

        assertEquals("help", sms(phone, "help", "MO-" + UUID.randomUUID()).path("keyword").asText());
        assertEquals("opt-in", sms(phone, "Start", "MO-" + UUID.randomUUID()).path("keyword").asText());
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason IS NOT NULL"), "START lifts the opt-out");
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(phone).size() == 3);

        // an ordinary message is stored and published, but is no keyword and gets no reply
        JsonNode chat = sms(phone, "stop please, not so many", "MO-" + UUID.randomUUID());
        assertTrue(chat.path("keyword").isNull());
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason IS NOT NULL"));
        assertEquals(4, Sql.count("delivery_service", "SELECT count(*) FROM delivery.inbound_messages WHERE from_number = '" + phone + "'"));
        assertEquals(3, repliesTo(phone).size());
    }

    @Test
    void aGatewaysOwnOptOutAnswerSuppressesTheNumber() throws Exception {
        String phone = DispatchTest.phone("44");
        // the number replied STOP to the carrier, which blocks it: the gateway answers 21610, as Twilio does
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + SimulatorTestResource.simulator.port() + "/unsubscribed"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + phone + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
        UUID first = UUID.randomUUID();
        FanOutTest.batch(first, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), phone, "Hu", "H"));
        assertEquals(Map.of("rejected", 1), DispatchTest.awaitFinal(first, 1, Duration.ofSeconds(30)));
        assertEquals("rejected:opted-out", messageStatus(first, phone));
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients"
                + " WHERE phone = '" + phone + "' AND suppressed_reason = 'opted-out' AND suppression_source = 'gateway'") == 1);
        // the next campaign does not even ask the gateway
        UUID second = UUID.randomUUID();
        FanOutTest.batch(second, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), phone, "Hu", "H"));
        assertEquals(Map.of("rejected", 1), DispatchTest.awaitFinal(second, 1, Duration.ofSeconds(30)));
        assertEquals(1, SimulatorTestResource.simulator.ledger().messages().values().stream().filter(e -> e.to.equals(phone))
                .mapToInt(e -> e.attempts.get()).sum(), "one attempt, by the first campaign");
    }

    @Test
    void aStartDoesNotLiftDoNotContact() throws Exception {
        UUID customerId = UUID.randomUUID();
        String phone = DispatchTest.phone("35");
        customerEvent(ConsentChanged.TYPE, customerId, new ConsentChanged(customerId, phone, true, false, true, "api",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), null));
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone + "' AND suppressed_reason = 'do-not-contact'") == 1);
        String start = sms(phone, "START", "MO-" + UUID.randomUUID()).path("inboundMessageId").asText();
        assertEquals(1, Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone + "' AND suppressed_reason = 'do-not-contact'"));
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.inbound_messages WHERE id = '" + start
                + "' AND keyword = 'opt-in' AND reply_status IS NULL"), "no \"subscribed again\" for a START that changes nothing");
    }

    @Test
    void consentRecordedExplicitlyLiftsAStopEvenWithItsCustomerUpdatedInTheSamePoll() throws Exception {
        UUID customerId = UUID.randomUUID();
        String phone = DispatchTest.phone("41");
        sms(phone, "STOP", "MO-" + UUID.randomUUID());
        java.time.OffsetDateTime later = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(1); // after the STOP
        // customer-service publishes these two together, as one transaction's events; the snapshot alone
        // would not lift a STOP, the explicit consent does, whatever the poll they arrive in
        customerEvent(ConsentChanged.TYPE, customerId, new ConsentChanged(customerId, phone, true, false, false, "web-form", later, null));
        customerEvent(CustomerSnapshot.UPDATED, customerId, customer(customerId, phone, "en", true, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients"
                + " WHERE phone = '" + phone + "' AND suppressed_reason IS NULL AND suppression_source = 'web-form'") == 1);
    }

    @Test
    void aLateEchoOfAStartDoesNotLiftANewerStop() throws Exception {
        UUID customerId = UUID.randomUUID();
        String phone = DispatchTest.phone("42");
        java.time.OffsetDateTime startAt = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        sms(phone, "START", "MO-" + UUID.randomUUID());
        sms(phone, "STOP", "MO-" + UUID.randomUUID());
        // customer-service's echo of the START, as it publishes it: at the START's own time
        customerEvent(ConsentChanged.TYPE, customerId, new ConsentChanged(customerId, phone, true, false, false, "sms-keyword", startAt,
                UUID.randomUUID()));
        // a later event of the same customer (same key, same partition): once it is applied, so is the echo
        String marker = DispatchTest.phone("43");
        customerEvent(CustomerSnapshot.UPDATED, customerId, customer(customerId, marker, "en", true, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.recipients WHERE phone = '" + marker + "'") == 1);
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason = 'opted-out'"), "the STOP stands");
    }

    @Test
    void consentWithdrawnOrACustomerDeletedAfterTheLaunchEndsTheirPendingMessages() throws Exception {
        UUID optedOut = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID stays = UUID.randomUUID();
        String p1 = DispatchTest.phone("36");
        String p2 = DispatchTest.phone("37");
        String p3 = DispatchTest.phone("38");
        UUID campaign = UUID.randomUUID();
        // batch 0 of 2: the campaign waits for its audience (4 s quiet period in tests), its messages pending
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 2,
                FanOutTest.recipient(optedOut, p1, "Di", "D") + "," + FanOutTest.recipient(deleted, p2, "Ed", "E") + ","
                        + FanOutTest.recipient(stays, p3, "Fi", "F"));
        await().atMost(Duration.ofSeconds(20)).until(() -> DispatchTest.statusCounts(campaign).getOrDefault("pending", 0) == 3);

        customerEvent(ConsentChanged.TYPE, optedOut, new ConsentChanged(optedOut, p1, false, false, false, "web-form",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), null));
        customerEvent(CustomerSnapshot.DELETED, deleted, customer(deleted, p2, "en", true, true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "rejected:opted-out".equals(messageStatus(campaign, p1))
                && "rejected:deleted".equals(messageStatus(campaign, p2)));
        assertEquals(Map.of("delivered", 1, "rejected", 2), DispatchTest.awaitFinal(campaign, 3, Duration.ofSeconds(30)));
        assertFalse(SimulatorTestResource.simulator.ledger().acceptedByPhone().containsKey(p1));
        assertFalse(SimulatorTestResource.simulator.ledger().acceptedByPhone().containsKey(p2));
    }

    @Test
    void eachMessageShowsTheConsentItWasSentUnder() throws Exception {
        UUID campaign = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        String phone = DispatchTest.phone("39");
        String recipient = "{\"customerId\":\"" + customerId + "\",\"phone\":\"" + phone + "\",\"firstName\":\"Gi\",\"lastName\":\"G\","
                + "\"timezone\":\"Europe/Berlin\",\"preferredLanguage\":\"de\",\"consentGivenAt\":\"2026-11-02T10:15:30Z\","
                + "\"consentSource\":\"web-form\"}";
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, recipient);
        assertEquals(Map.of("delivered", 1), DispatchTest.awaitFinal(campaign, 1, Duration.ofSeconds(30)));
        String id = given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).extract().path("items[0].id");
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/" + id)
                .then().statusCode(200)
                .body("consent.source", equalTo("web-form"))
                .body("consent.givenAt", equalTo("2026-11-02T10:15:30Z"))
                .body("status", equalTo("delivered"))
                .body("phoneNumber", equalTo(io.dnwerks.common.logging.PhoneMask.mask(phone)));
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/not-an-id")
                .then().statusCode(400).body("errors[0].field", equalTo("messageId"));
    }

    @Test
    void theInboundWebhookTakesOnlySignedWellFormedMessages() throws Exception {
        String body = "{\"messageId\":\"MO-1\",\"from\":\"+4915112345678\",\"text\":\"STOP\"}";
        given().contentType(ContentType.JSON).body(body).post("/webhooks/inbound/simulator").then().statusCode(401)
                .contentType("application/problem+json");
        // signed, but for another text: a STOP turned into something else on the way (or the reverse) is refused
        given().contentType(ContentType.JSON).headers(DispatchTest.signed(body.replace("STOP", "START"))).body(body)
                .post("/webhooks/inbound/simulator").then().statusCode(401);
        for (String[] bad : List.of(
                new String[] {"{\"messageId\":\"MO-2\",\"from\":\"4915112345678\",\"text\":\"STOP\"}", "from"},
                new String[] {"{\"messageId\":\"MO-3\",\"from\":\"+4915112345678\"}", "text"},
                new String[] {"{\"from\":\"+4915112345678\",\"text\":\"STOP\"}", "messageId"},
                new String[] {"{\"messageId\":\"MO-4\",\"from\":\"+4915112345678\",\"to\":\"x\",\"text\":\"STOP\"}", "to"},
                new String[] {"{\"messageId\":\"MO-5\",\"from\":\"+4915112345678\",\"text\":\"STOP\",\"at\":\"yesterday\"}", "at"},
                new String[] {"{\"messageId\":\"MO-6\",\"from\":\"+4915112345678\",\"text\":\"" + "x".repeat(1601) + "\"}", "text"})) {
            given().contentType(ContentType.JSON).headers(DispatchTest.signed(bad[0])).body(bad[0]).post("/webhooks/inbound/simulator")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(bad[1]));
        }
    }
}
