package io.dnwerks.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.contracts.customer.ConsentChanged;
import io.dnwerks.contracts.delivery.KeywordReceived;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The consent ledger over HTTP and real topics: the API, and SMS keywords arriving from delivery-service. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ConsentLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    static String create(String phone) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Ana\",\"phone\":\"" + phone + "\"}")
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    static void keyword(String type, UUID eventId, KeywordReceived k) throws Exception {
        TopicProbe.send("delivery.events.v1", k.phone(), JSON.writeValueAsBytes(k), Map.of("ce_specversion", "1.0",
                "ce_id", eventId.toString(), "ce_type", type, "ce_source", "/delivery-service", "ce_subject", k.phone()));
    }

    @Test
    void aStopBecomesALedgerLineAConsentChangeAndAnEvent() throws Exception {
        String phone = CustomerApiTest.phone();
        String id = create(phone);
        UUID inbound = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        try (TopicProbe events = TopicProbe.tail("customer.events.v1")) {
            KeywordReceived stop = new KeywordReceived(inbound, phone, "STOP", null, at);
            keyword(KeywordReceived.OPT_OUT, UUID.randomUUID(), stop);
            // the same keyword once more under another event id (a replay by the producer): still one line
            keyword(KeywordReceived.OPT_OUT, UUID.randomUUID(), stop);

            List<ConsumerRecord<String, byte[]>> changed = events.await(r -> id.equals(r.key())
                    && ConsentChanged.TYPE.equals(TopicProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30));
            assertEquals(1, changed.size());
            ConsentChanged event = JSON.readValue(changed.get(0).value(), ConsentChanged.class);
            assertFalse(event.smsConsent());
            assertEquals("sms-keyword", event.source());
            assertEquals(inbound, event.inboundMessageId());
            assertEquals(phone, event.phone());
        }
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id + "/consent").then().statusCode(200)
                .body("smsConsent", equalTo(false))
                .body("history", hasSize(2)) // the grant at creation, then the STOP
                .body("history[0].channel", equalTo("sms")).body("history[0].granted", equalTo(true))
                .body("history[0].source", equalTo("api"))
                .body("history[1].granted", equalTo(false)).body("history[1].source", equalTo("sms-keyword"))
                .body("history[1].inboundMessageId", equalTo(inbound.toString()))
                .body("history[1].occurredAt", equalTo(at.toInstant().toString()))
                .body("history[1].changedBy", equalTo("00000000-0000-0000-0000-000000000000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count("customer_service",
                "SELECT count(*) FROM customer.consent_events WHERE inbound_message_id = '" + inbound + "'") == 1);
        assertEquals(1, Sql.count("customer_service", "SELECT count(*) FROM customer.processed_events WHERE consumer = 'sms-keywords'"
                + " AND effect LIKE '%already recorded%'"), "the replay was recognised");

        // START: consent again, from the keyword, with its time
        UUID start = UUID.randomUUID();
        keyword(KeywordReceived.OPT_IN, UUID.randomUUID(), new KeywordReceived(start, phone, "START", null, at.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("customer_service",
                "SELECT count(*) FROM customer.customers WHERE id = '" + id + "' AND sms_consent AND consent_source = 'sms-keyword'") == 1);
    }

    @Test
    void aKeywordFromANumberNoCustomerHasIsTakenWithoutHarm() throws Exception {
        UUID inbound = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        keyword(KeywordReceived.OPT_OUT, event, new KeywordReceived(inbound, "+4915199999" + (int) (Math.random() * 900 + 100), "STOP", null,
                OffsetDateTime.now(ZoneOffset.UTC)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("customer_service",
                "SELECT count(*) FROM customer.processed_events WHERE event_id = '" + event + "' AND effect = 'no customer has this number'") == 1);
    }

    @Test
    void theApiRecordsAChangeWithItsSourceAndProof() throws Exception {
        String id = create(CustomerApiTest.phone());
        JsonNode view = JSON.readTree(given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"smsConsent\":false,\"doNotContact\":true,\"source\":\"phone-call\","
                        + "\"proof\":{\"ip\":\"203.0.113.7\",\"textShown\":\"Do you want to stop our texts?\"}}")
                .put("/api/v1/customers/" + id + "/consent").then().statusCode(200).extract().asString());
        assertFalse(view.path("smsConsent").asBoolean());
        assertEquals(true, view.path("doNotContact").asBoolean());
        assertEquals(3, view.path("history").size());
        assertEquals("phone-call", view.path("history").get(2).path("source").asText());
        assertEquals("203.0.113.7", view.path("history").get(2).path("proof").path("ip").asText());

        // viewers see the history without the proof (it holds IP addresses)
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id + "/consent").then().statusCode(200)
                .body("history[2].proof", nullValue()).body("history[2].source", equalTo("phone-call"));
        // consent given again through a form, with what the person was shown
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"smsConsent\":true,\"source\":\"web-form\",\"proof\":{\"formUrl\":\"https://example.com/join\"}}")
                .put("/api/v1/customers/" + id + "/consent").then().statusCode(200)
                .body("smsConsent", equalTo(true)).body("consentSource", equalTo("web-form"))
                .body("doNotContact", equalTo(true)).body("history", hasSize(4));
    }

    @Test
    void aBadConsentChangeIsRefusedNamingTheFieldAndWritesNothing() {
        String id = create(CustomerApiTest.phone());
        for (String[] bad : List.of(
                new String[] {"{\"smsConsent\":false}", "source"},
                new String[] {"{\"smsConsent\":false,\"source\":\"\"}", "source"},
                new String[] {"{\"smsConsent\":false,\"source\":\"Web Form\"}", "source"},
                new String[] {"{\"smsConsent\":true,\"source\":\"sms-keyword\"}", "source"},
                new String[] {"{\"source\":\"web-form\"}", "smsConsent"},
                new String[] {"{\"smsConsent\":\"maybe\",\"source\":\"web-form\"}", "smsConsent"},
                new String[] {"{\"smsConsent\":false,\"source\":\"web-form\",\"proof\":{\"ip\":\"" + "1".repeat(46) + "\"}}", "proof.ip"})) {
            given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(bad[0])
                    .put("/api/v1/customers/" + id + "/consent").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[1]));
        }
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON).body("{\"smsConsent\":false,\"source\":\"x\"}")
                .put("/api/v1/customers/" + id + "/consent").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"smsConsent\":false,\"source\":\"x\"}")
                .put("/api/v1/customers/" + UUID.randomUUID() + "/consent").then().statusCode(404);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id + "/consent").then().statusCode(200)
                .body("smsConsent", equalTo(true)).body("history", hasSize(1));
    }
}
