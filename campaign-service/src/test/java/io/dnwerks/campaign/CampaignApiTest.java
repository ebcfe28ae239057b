package io.dnwerks.campaign;

import io.dnwerks.testing.AuthMatrix;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.ServiceBasics;
import io.dnwerks.testing.MigrationRoundTrip;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CampaignApiTest {

    static final String BODY = "{\"name\":\"Black Friday\",\"messageContent\":\"Hi {{firstName}}, 30% off today only!\","
            + "\"sendImmediately\":true,\"maxRetries\":2,\"retryDelayMinutes\":5,\"priority\":7}";

    @Test
    void createsADraftAndReadsItBack() {
        UUID user = UUID.randomUUID();
        String id = given().header("Authorization", Tokens.bearer(user, "marketer")).contentType(ContentType.JSON).body(BODY)
                .post("/api/v1/campaigns")
                .then().statusCode(201)
                .body("status", equalTo("draft"))
                .body("messageContent", equalTo("Hi {{firstName}}, 30% off today only!"))
                .body("sendImmediately", equalTo(true))
                .body("maxRetries", equalTo(2))
                .body("retryDelayMinutes", equalTo(5))
                .body("priority", equalTo(7))
                .body("timezone", equalTo("UTC"))
                .body("createdBy", equalTo(user.toString()))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("scheduledAtExclusive")))
                .extract().path("id");
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + id)
                .then().statusCode(200).body("name", equalTo("Black Friday"));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("status", "draft").queryParam("limit", 500)
                .get("/api/v1/campaigns").then().statusCode(200).body("items.id", hasItem(id));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("status", "archived")
                .get("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void refusesWhatCannotBeSent() {
        String past = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString();
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"messageContent\":\"  short   \",\"scheduledAt\":\"" + past + "\",\"maxRetries\":11,"
                        + "\"retryDelayMinutes\":0,\"timezone\":\"Nowhere/City\"}")
                .post("/api/v1/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "messageContent", "scheduledAt",
                        "maxRetries", "retryDelayMinutes", "timezone"));
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString();
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello there, friend!\",\"scheduledAt\":\"" + future + "\",\"sendImmediately\":true}")
                .post("/api/v1/campaigns")
                .then().statusCode(400).body("errors.field", hasItem("scheduledAt"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello there, friend!\",\"scheduledAt\":\"tomorrow\"}")
                .post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("scheduledAt"));
    }

    @Test
    void sendingRulesAreCheckedAndKeptInTheOneFormDeliveryReads() {
        String deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).withNano(0).toString();
        String body = "{\"name\":\"Quiet\",\"messageContent\":\"Hi {{firstName}}, the winter sale starts\","
                + "\"sendingWindow\":\" 10:00-18:00   mon-fri \",\"sendAtLocalTime\":\"2027-03-15T10:00:00\","
                + "\"deadline\":\"" + deadline + "\",\"senderId\":\"promo-uk\"}";
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/campaigns").then().statusCode(201)
                .body("senderId", equalTo("promo-uk"))
                .body("sendingWindow", equalTo("10:00-18:00 MON-FRI"))
                .body("sendAtLocalTime", equalTo("2027-03-15T10:00:00"))
                .body("deadline", equalTo(OffsetDateTime.parse(deadline).toInstant().toString()));
        for (String[] bad : List.of(
                new String[] {"\"sendingWindow\":\"18:00-10:00\"", "sendingWindow"},
                new String[] {"\"sendingWindow\":\"all day\"", "sendingWindow"},
                new String[] {"\"deadline\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusHours(1) + "\"", "deadline"},
                new String[] {"\"sendAtLocalTime\":\"10:00\"", "sendAtLocalTime"},
                new String[] {"\"senderId\":\"Promo UK!\"", "senderId"})) {
            given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                    .body("{\"name\":\"Quiet\",\"messageContent\":\"Hi {{firstName}}, the winter sale starts\"," + bad[0] + "}")
                    .post("/api/v1/campaigns").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[1]));
        }
    }

    @Test
    void healthOpenApiAndMetricsAreServed() {
        ServiceBasics.assertServed("/api/v1/campaigns");
    }

    @Test
    void aRetriedCreateWithAnIdempotencyKeyCreatesOneDraft() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String first = given().header("Authorization", Tokens.bearer(user, "marketer")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(BODY).post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        given().header("Authorization", Tokens.bearer(user, "marketer")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(BODY).post("/api/v1/campaigns")
                .then().statusCode(201).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(first));
        // the key is the caller's own: another user with the same key makes their own draft
        String other = given().header("Authorization", Tokens.bearer(UUID.randomUUID(), "marketer")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(BODY).post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        org.junit.jupiter.api.Assertions.assertNotEquals(first, other);
    }

    @Test
    void writesNeedAWritingRole() {
        given().contentType(ContentType.JSON).body(BODY).post("/api/v1/campaigns").then().statusCode(401);
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON).body(BODY)
                .post("/api/v1/campaigns").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void creationIsPublishedAndAudited() throws Exception {
        try (TopicProbe events = TopicProbe.tail("campaign.events.v1"); TopicProbe audit = TopicProbe.tail("audit.v1")) {
            String id = given().header("Authorization", Tokens.bearer("admin")).contentType(ContentType.JSON).body(BODY)
                    .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
            List<ConsumerRecord<String, byte[]>> created = events.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(1, created.size());
            assertEquals("dnwerks.campaign.CampaignCreated.v1", TopicProbe.header(created.get(0), "ce_type"));
            assertEquals("/campaign-service", TopicProbe.header(created.get(0), "ce_source"));
            List<ConsumerRecord<String, byte[]>> trail = audit.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(1, trail.size());
            assertEquals("campaigns", new com.fasterxml.jackson.databind.ObjectMapper().readTree(trail.get(0).value()).path("tableName").asText());
        }
    }

    @Test
    void theDatabaseRefusesWhatTheSeedForbids() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "campaign_service", "");
             Statement s = c.createStatement()) {
            SQLException tooShort = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO campaign.campaigns (name, message_content, created_by) VALUES ('n', 'hello', gen_random_uuid())"));
            assertEquals("23514", tooShort.getSQLState());
            SQLException blankPadded = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO campaign.campaigns (name, message_content, created_by) VALUES ('n', '   hello    ', gen_random_uuid())"));
            assertEquals("23514", blankPadded.getSQLState());
            SQLException tooLong = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO campaign.campaigns (name, message_content, created_by) VALUES ('n', repeat('x', 1601), gen_random_uuid())"));
            assertEquals("23514", tooLong.getSQLState());
            SQLException scheduledBeforeCreation = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO campaign.campaigns (name, message_content, created_by, scheduled_at) "
                            + "VALUES ('n', 'Hello there, friend!', gen_random_uuid(), now() - interval '1 hour')"));
            assertEquals("23514", scheduledBeforeCreation.getSQLState());
            SQLException badStatus = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO campaign.campaigns (name, message_content, created_by, status) VALUES ('n', 'Hello there, friend!', gen_random_uuid(), 'gone')"));
            assertEquals("23514", badStatus.getSQLState());
            s.execute("INSERT INTO campaign.campaigns (name, message_content, created_by) VALUES ('n', 'Hello there, friend!', gen_random_uuid())");
        }
    }

    @Test
    void everyMigrationHasAWayBack() throws SQLException {
        MigrationRoundTrip.Result r = MigrationRoundTrip.run("campaign", "classpath:db/migration", "classpath:db/dnwerks-common");
        assertTrue(r.tablesAfterUp().containsAll(List.of("campaigns", "message_templates", "outbox", "processed_events")));
        assertFalse(r.rolledBack().isEmpty());
        assertEquals(List.of(), r.objectsAfterDown());
        assertEquals(r.tablesAfterUp(), r.tablesAfterSecondUp());
    }

    @Test
    void everyOperationAdmitsTheRolesThatBelongAndNoBadToken() {
        AuthMatrix.Result result = AuthMatrix.run();
        assertTrue(result.operations() >= 11, "the OpenAPI document lists the operations: " + result.operations());
        assertEquals(List.of(), result.violations(), result.requests() + " requests");
    }
}
