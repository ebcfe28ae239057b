package io.dnwerks.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.contracts.customer.SegmentChanged;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memberships kept current as customers change, against the real database and broker: every kind of
 * change (created, changed, tagged, untagged, consent withdrawn, deleted, a bulk statement) moves the
 * customer in or out of the segments it affects with no refresh asked for, the count follows, the
 * stats view agrees, SegmentChanged names who moved, and segments relative to time are refreshed on
 * their schedule.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class SegmentMembershipTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Generous for a loaded two-core machine; the upkeep's own pace is a poll of 0.2 s and a round. */
    static final Duration SOON = Duration.ofSeconds(10);

    String source;
    String vip;

    @BeforeEach
    void cohort() {
        source = "mem-" + UUID.randomUUID().toString().substring(0, 8);
        vip = TagsAndAudienceTest.tag("vip-" + source);
    }

    String segment(String conditions) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + source + "\", \"conditions\": " + conditions + "}")
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
    }

    String customer(String extra) {
        return CustomerApiTest.create(CustomerApiTest.phone(), ",\"source\":\"" + source + "\"" + extra);
    }

    static String rule(String field, String op, String value) {
        return "{\"field\": \"" + field + "\", \"op\": \"" + op + "\", \"value\": " + value + "}";
    }

    static boolean member(String segment, String customer) throws Exception {
        return Sql.count("customer_service", "SELECT count(*) FROM segment_memberships WHERE segment_id = '" + segment
                + "' AND customer_id = '" + customer + "'") == 1;
    }

    static int storedCount(String segment) {
        return given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/segments/" + segment).then().statusCode(200)
                .extract().path("customerCount");
    }

    static void awaitMember(String segment, String customer, boolean expected) {
        await().atMost(SOON).pollInterval(Duration.ofMillis(50)).until(() -> member(segment, customer) == expected);
    }

    @Test
    void everyKindOfChangeMovesTheCustomerInOrOutWithNoRefresh() throws Exception {
        String segment = segment("{\"all\": [" + rule("source", "equals", "\"" + source + "\"") + ", "
                + rule("tags", "anyOf", "[\"" + vip + "\"]") + ", " + rule("smsConsent", "equals", "true") + "]}");
        String ana = customer("");
        String bruno = customer("");
        assertEquals(0, storedCount(segment));

        try (TopicProbe events = TopicProbe.tail(SegmentChanged.TOPIC)) {
            TagsAndAudienceTest.put(ana, vip, 201);
            awaitMember(segment, ana, true);
            JsonNode joined = membersChanged(events, segment, ana, "joined");
            assertEquals(1, joined.get("customerCount").asInt());
            assertEquals(source, joined.get("name").asText());

            TagsAndAudienceTest.put(bruno, vip, 201);
            awaitMember(segment, bruno, true);
            assertEquals(2, storedCount(segment));

            // untagged: leaves
            given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/customers/" + ana + "/tags/" + vip)
                    .then().statusCode(204);
            awaitMember(segment, ana, false);
            JsonNode left = membersChanged(events, segment, ana, "left");
            assertEquals(1, left.get("customerCount").asInt());

            // consent withdrawn: leaves; a field changed so that the conditions hold again: joins
            patch(bruno, "{\"smsConsent\": false}");
            awaitMember(segment, bruno, false);
            patch(bruno, "{\"smsConsent\": true}");
            awaitMember(segment, bruno, true);

            // deleted: leaves
            given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/customers/" + bruno).then().statusCode(204);
            awaitMember(segment, bruno, false);
            assertEquals(0, storedCount(segment));
        }
    }

    @Test
    void aCustomerCreatedMatchingJoinsAndOneChangedAwayLeaves() {
        String segment = segment(rule("source", "equals", "\"" + source + "\""));
        String carla = customer("");
        awaitMember(segment, carla, true);
        patch(carla, "{\"source\": \"elsewhere-" + source + "\"}");
        awaitMember(segment, carla, false);
        assertEquals(0, storedCount(segment));
    }

    @Test
    void aBulkStatementIsEvaluatedInBatchesAndTheCountAndStatsAgree() throws Exception {
        String segment = segment(rule("source", "equals", "\"" + source + "\""));
        int n = 2_500; // more than two rounds' batch of 1,000
        String block = String.valueOf(1000 + ThreadLocalRandom.current().nextInt(9000));
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "customer_service", "")) {
            // a segment written around the API with conditions the language does not have is skipped, not a stop for all
            c.createStatement().executeUpdate("INSERT INTO customer_segments (name, conditions) VALUES ('" + source
                    + " unparseable', '{\"tags\": [\"vip\"]}')");
            c.createStatement().executeUpdate("INSERT INTO customers (phone, source) SELECT '+4917" + block + "' || lpad(g::text, 5, '0'), '"
                    + source + "' FROM generate_series(1, " + n + ") g");
        }
        await().atMost(SOON).until(() -> storedCount(segment) == n);
        assertEquals(n, Sql.count("customer_service", "SELECT count(*) FROM segment_memberships WHERE segment_id = '" + segment + "'"));
        // the materialised view, refreshed concurrently on its schedule (a second in tests), agrees
        await().atMost(SOON).until(() -> Sql.count("customer_service", "SELECT count(*) FROM customer_segment_stats v"
                + " JOIN customer_segments s ON s.id = v.id WHERE v.id = '" + segment + "' AND v.actual_count = s.customer_count") == 1);
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "customer_service", "")) {
            c.createStatement().executeUpdate("DELETE FROM customer_segments WHERE name = '" + source + " unparseable'");
        }
    }

    @Test
    void aSegmentRelativeToTimeIsRefreshedOnItsSchedule() throws Exception {
        String segment = segment("{\"all\": [" + rule("source", "equals", "\"" + source + "\"") + ", "
                + rule("createdAt", "withinLastDays", "30") + "]}");
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/segments/" + segment).then().statusCode(200)
                .body("relativeToTime", org.hamcrest.Matchers.equalTo(true));
        String old = customer("");
        awaitMember(segment, old, true);
        // thirty-one days pass for this customer and nothing about them changes: the upkeep is not
        // told (no trigger fires on memberships), only the schedule finds them
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "customer_service", "")) {
            c.setAutoCommit(false);
            c.createStatement().execute("ALTER TABLE customers DISABLE TRIGGER trg_customers_updated_segments");
            c.createStatement().executeUpdate("UPDATE customers SET created_at = now() - interval '31 days' WHERE id = '" + old + "'");
            c.createStatement().execute("ALTER TABLE customers ENABLE TRIGGER trg_customers_updated_segments");
            c.createStatement().executeUpdate("UPDATE customer_segments SET refreshed_at = now() - interval '2 hours' WHERE id = '" + segment + "'");
            c.commit();
        }
        try (TopicProbe events = TopicProbe.tail(SegmentChanged.TOPIC)) {
            awaitMember(segment, old, false);
            List<ConsumerRecord<String, byte[]>> refreshed = events.await(r -> segment.equals(r.key())
                    && body(r).path("change").asText().equals(SegmentChanged.REFRESHED), 1, SOON);
            assertEquals(1, body(refreshed.get(0)).get("leftCount").asInt());
            assertEquals(0, storedCount(segment));
        }
    }

    /** The membersChanged event of {@code segment} that lists {@code customer} under {@code list}. */
    static JsonNode membersChanged(TopicProbe events, String segment, String customer, String list) {
        List<ConsumerRecord<String, byte[]>> found = events.await(r -> segment.equals(r.key())
                && SegmentChanged.TYPE.equals(TopicProbe.header(r, "ce_type"))
                && body(r).path("change").asText().equals(SegmentChanged.MEMBERS_CHANGED)
                && body(r).path(list).toString().contains(customer), 1, SOON);
        JsonNode event = body(found.get(0));
        assertTrue(event.get(list).size() >= 1);
        return event;
    }

    static JsonNode body(ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void patch(String customer, String json) {
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(json)
                .patch("/api/v1/customers/" + customer).then().statusCode(200);
    }
}
