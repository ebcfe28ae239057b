package io.dnwerks.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.contracts.customer.CustomerErased;
import io.dnwerks.customer.domain.PhoneHash;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /customers/{id}/erase: what goes, what stays, and the event that tells the other services. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CustomerErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anErasedCustomerKeepsOnlyTheFactsAndTheOthersAreTold() throws Exception {
        String phone = CustomerApiTest.phone();
        String key = "erase-" + UUID.randomUUID();
        String id = given().header("Authorization", Tokens.bearer("marketer")).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Ana\",\"lastName\":\"Lima\",\"phone\":\"" + phone + "\",\"email\":\"ana." + key + "@example.org\","
                        + "\"dateOfBirth\":\"1990-04-30\",\"notes\":\"met at the fair\",\"source\":\"fair\"}")
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
        String tag = TagsAndAudienceTest.tag("erased-" + UUID.randomUUID());
        TagsAndAudienceTest.put(id, tag, 201);
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"smsConsent\": true, \"source\": \"web-form\", \"proof\": {\"formUrl\": \"https://example.org/join\", \"ip\": \"203.0.113.7\","
                        + " \"textShown\": \"Yes, text me\"}}")
                .put("/api/v1/customers/" + id + "/consent").then().statusCode(200);
        assertEquals(1, rows("SELECT count(*) FROM customer.idempotency_keys WHERE position('" + id + "' in response_body) > 0"));

        given().header("Authorization", Tokens.bearer("marketer")).post("/api/v1/customers/" + id + "/erase").then().statusCode(403);
        String expectedHash = new PhoneHash(ConfigProvider.getConfig().getValue("dnwerks.customers.erasure-phone-hash-key", String.class))
                .of(phone);
        String erasedAt;
        try (TopicProbe events = TopicProbe.tail("customer.events.v1"); TopicProbe audit = TopicProbe.tail("audit.v1")) {
            erasedAt = given().header("Authorization", Tokens.bearer("admin")).post("/api/v1/customers/" + id + "/erase").then().statusCode(200)
                    .body("customerId", equalTo(id)).body("phoneHash", equalTo(expectedHash)).body("phoneHash", matchesPattern("[0-9a-f]{64}"))
                    .extract().path("erasedAt");

            List<ConsumerRecord<String, byte[]>> erased = events.await(r -> id.equals(r.key())
                    && CustomerErased.TYPE.equals(TopicProbe.header(r, "ce_type")), 1, Duration.ofSeconds(20));
            assertEquals(1, erased.size());
            JsonNode body = JSON.readTree(erased.get(0).value());
            assertEquals(id, body.path("customerId").asText());
            assertEquals(expectedHash, body.path("phoneHash").asText());
            assertFalse(TopicProbe.body(erased.get(0)).contains(phone));
            List<ConsumerRecord<String, byte[]>> audited = audit.await(r -> id.equals(r.key())
                    && TopicProbe.body(r).contains("\"erased\":true"), 1, Duration.ofSeconds(20));
            assertEquals(1, audited.size());
            assertFalse(TopicProbe.body(audited.get(0)).contains(phone), "the audit record holds the fact, not the number");
            assertFalse(TopicProbe.body(audited.get(0)).contains("Lima"));
        }

        // what stays: the row, deleted, with the hash; nothing that identifies them
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT first_name, last_name, phone, email, date_of_birth, notes, source, country, deleted_at,"
                     + " erased_at, phone_hash, sms_consent FROM customer.customers WHERE id = '" + id + "'")) {
            assertTrue(rs.next());
            for (int col = 1; col <= 8; col++) {
                assertNull(rs.getObject(col), "column " + col);
            }
            assertNotNull(rs.getObject("deleted_at"));
            assertNotNull(rs.getObject("erased_at"));
            assertEquals(expectedHash, rs.getString("phone_hash"));
            assertFalse(rs.getBoolean("sms_consent"));
        }
        assertEquals(0, rows("SELECT count(*) FROM customer.customer_tags WHERE customer_id = '" + id + "'"));
        assertEquals(0, rows("SELECT count(*) FROM customer.consent_events WHERE customer_id = '" + id + "' AND proof IS NOT NULL"));
        assertEquals(1, rows("SELECT count(*) FROM customer.consent_events WHERE customer_id = '" + id + "' AND channel = 'sms'"
                + " AND NOT granted AND source = 'erasure'"), "the consent the erasure withdrew is in the ledger");
        assertTrue(rows("SELECT count(*) FROM customer.consent_events WHERE customer_id = '" + id + "'") >= 3, "the ledger stays");
        assertEquals(0, rows("SELECT count(*) FROM customer.idempotency_keys WHERE position('" + id + "' in response_body) > 0"));

        // gone for the API; a second erasure answers the first; the number is free for someone new
        given().header("Authorization", Tokens.bearer("admin")).get("/api/v1/customers/" + id).then().statusCode(404);
        given().header("Authorization", Tokens.bearer("admin")).post("/api/v1/customers/" + id + "/erase").then().statusCode(200)
                .body("erasedAt", equalTo(erasedAt));
        CustomerApiTest.create(phone, "");
        given().header("Authorization", Tokens.bearer("admin")).post("/api/v1/customers/" + UUID.randomUUID() + "/erase").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("admin")).post("/api/v1/customers/nope/erase").then().statusCode(400)
                .body("errors[0].field", equalTo("id"));
    }
}
