package io.dnwerks.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class TagsAndAudienceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String tag(String name) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"color\":\"#ff8800\"}")
                .post("/api/v1/tags").then().statusCode(201).extract().path("id");
    }

    static void put(String customer, String tag, int status) {
        given().header("Authorization", Tokens.bearer("marketer")).put("/api/v1/customers/" + customer + "/tags/" + tag)
                .then().statusCode(status);
    }

    static void launch(UUID campaignId, UUID eventId, String audience) {
        String body = "{\"campaignId\":\"" + campaignId + "\",\"name\":\"t\",\"launchedAt\":\"" + Instant.now() + "\","
                + "\"messageContent\":\"Hi {{firstName}}, this is for you\",\"audience\":" + audience + ","
                + "\"maxRetries\":2,\"retryDelayMinutes\":1,\"priority\":0,\"timezone\":\"UTC\"}";
        TopicProbe.send("campaign.events.v1", campaignId.toString(), body.getBytes(StandardCharsets.UTF_8), Map.of(
                "ce_specversion", "1.0", "ce_id", eventId.toString(), "ce_type", "dnwerks.campaign.CampaignLaunched.v1",
                "ce_source", "/campaign-service", "ce_subject", campaignId.toString(), "ce_time", Instant.now().toString()));
    }

    static List<String> recipientIds(List<ConsumerRecord<String, byte[]>> batches) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> b : batches) {
            JSON.readTree(b.value()).path("recipients").forEach(r -> ids.add(r.path("customerId").asText()));
        }
        return ids;
    }

    @Test
    void tagsAreCreatedAndPutOnCustomersIdempotently() {
        String vip = tag("vip-" + UUID.randomUUID());
        String customer = CustomerApiTest.create(CustomerApiTest.phone(), "");
        put(customer, vip, 201);
        put(customer, vip, 204);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + customer + "/tags")
                .then().statusCode(200).body("$", contains(vip));
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/customers/" + customer + "/tags/" + vip)
                .then().statusCode(204);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + customer + "/tags")
                .then().statusCode(200).body("$", hasSize(0));
        put(customer, UUID.randomUUID().toString(), 404);
        given().header("Authorization", Tokens.bearer("viewer")).put("/api/v1/customers/" + customer + "/tags/" + vip)
                .then().statusCode(403);
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"" + vip.substring(0, 0) + "dup-" + customer + "\"}").post("/api/v1/tags").then().statusCode(201);
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"dup-" + customer + "\"}").post("/api/v1/tags")
                .then().statusCode(409).body("errors[0].field", equalTo("name"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"color\":\"red\"}").post("/api/v1/tags")
                .then().statusCode(400).body("errors[0].field", equalTo("color"));
    }

    @Test
    void aLaunchedCampaignsAudienceIsEveryEligibleTaggedCustomerInBatchesOnce() throws Exception {
        String vip = tag("vip-" + UUID.randomUUID());
        List<String> eligible = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            eligible.add(CustomerApiTest.create(CustomerApiTest.phone(), ""));
        }
        String noConsent = CustomerApiTest.create(CustomerApiTest.phone(), ",\"smsConsent\":false");
        String doNotContact = CustomerApiTest.create(CustomerApiTest.phone(), ",\"doNotContact\":true");
        String deleted = CustomerApiTest.create(CustomerApiTest.phone(), "");
        String untagged = CustomerApiTest.create(CustomerApiTest.phone(), "");
        for (String c : List.of(eligible.get(0), eligible.get(1), eligible.get(2), noConsent, doNotContact, deleted)) {
            put(c, vip, 201);
        }
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/customers/" + deleted).then().statusCode(204);

        UUID campaign = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        try (TopicProbe audience = TopicProbe.tail("campaign.audience.v1")) {
            launch(campaign, event, "{\"tagIds\":[\"" + vip + "\"]}");
            // test profile: batches of 2, so three recipients make two batches
            List<ConsumerRecord<String, byte[]>> batches = audience.await(r -> campaign.toString().equals(r.key()), 2, Duration.ofSeconds(30));
            assertEquals(2, batches.size());
            List<String> ids = recipientIds(batches);
            assertEquals(eligible.stream().sorted().toList(), ids.stream().sorted().toList());
            assertFalse(ids.contains(untagged));

            JsonNode first = JSON.readTree(batches.get(0).value());
            JsonNode second = JSON.readTree(batches.get(1).value());
            assertEquals("dnwerks.customer.AudienceBatch.v1", TopicProbe.header(batches.get(0), "ce_type"));
            assertEquals(0, first.path("batchNo").asInt());
            assertFalse(first.path("last").asBoolean());
            assertEquals(1, second.path("batchNo").asInt());
            assertTrue(second.path("last").asBoolean());
            assertEquals(2, first.path("batchCount").asInt());
            assertEquals(3, first.path("recipientCount").asInt());
            assertEquals("Hi {{firstName}}, this is for you", first.path("campaign").path("messageContent").asText());
            assertTrue(first.path("campaign").path("audience").isMissingNode(), "the audience definition is not repeated");
            assertTrue(first.path("recipients").get(0).path("phone").asText().startsWith("+"));
            assertEquals("Ana", first.path("recipients").get(0).path("firstName").asText());

            launch(campaign, event, "{\"tagIds\":[\"" + vip + "\"]}"); // Kafka redelivers the same event
            assertEquals(0, audience.collect(r -> campaign.toString().equals(r.key()), Duration.ofSeconds(3)).size(),
                    "a redelivered CampaignLaunched resolves nothing again");
        }
    }

    @Test
    void eventsTheResolverDoesNotHandleAreSkippedWithoutATransaction() throws Exception {
        UUID paused = UUID.randomUUID();
        UUID launched = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        TopicProbe.send("campaign.events.v1", campaign.toString(), "{}".getBytes(StandardCharsets.UTF_8), Map.of(
                "ce_id", paused.toString(), "ce_type", "dnwerks.campaign.CampaignPaused.v1"));
        try (TopicProbe audience = TopicProbe.tail("campaign.audience.v1")) {
            launch(campaign, launched, "{\"customerIds\":[\"" + UUID.randomUUID() + "\"]}");
            assertEquals(1, audience.await(r -> campaign.toString().equals(r.key()), 1, Duration.ofSeconds(30)).size());
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.dnwerks.testing.TestInfrastructure.get().jdbcUrl(), "postgres", "");
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT event_id FROM customer.processed_events"
                     + " WHERE event_id IN ('" + paused + "', '" + launched + "')")) {
            List<String> recorded = new ArrayList<>();
            while (rs.next()) {
                recorded.add(rs.getString(1));
            }
            assertEquals(List.of(launched.toString()), recorded, "only the launch was processed");
        }
    }

    @Test
    void namedCustomersAndAnEmptyAudience() throws Exception {
        String a = CustomerApiTest.create(CustomerApiTest.phone(), "");
        String optedOut = CustomerApiTest.create(CustomerApiTest.phone(), ",\"smsConsent\":false");
        UUID named = UUID.randomUUID();
        UUID nobody = UUID.randomUUID();
        try (TopicProbe audience = TopicProbe.tail("campaign.audience.v1")) {
            launch(named, UUID.randomUUID(), "{\"customerIds\":[\"" + a + "\",\"" + optedOut + "\",\"" + UUID.randomUUID() + "\"]}");
            launch(nobody, UUID.randomUUID(), "{\"customerIds\":[\"" + UUID.randomUUID() + "\"]}");
            List<ConsumerRecord<String, byte[]>> one = audience.await(r -> named.toString().equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(List.of(a), recipientIds(one));
            List<ConsumerRecord<String, byte[]>> empty = audience.await(r -> nobody.toString().equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(1, empty.size());
            JsonNode batch = JSON.readTree(empty.get(0).value());
            assertTrue(batch.path("last").asBoolean());
            assertEquals(0, batch.path("recipientCount").asInt());
            assertEquals(0, batch.path("recipients").size());
        }
    }

    @Test
    void segmentsJoinTagsAndNamedCustomersAndExclusionsTakeOutWhoTheyName() throws Exception {
        String source = "aud-" + UUID.randomUUID().toString().substring(0, 8);
        String extra = ",\"source\":\"" + source + "\"";
        String a = CustomerApiTest.create(CustomerApiTest.phone(), extra);
        String b = CustomerApiTest.create(CustomerApiTest.phone(), extra);
        String staffer = CustomerApiTest.create(CustomerApiTest.phone(), extra);
        String churned = CustomerApiTest.create(CustomerApiTest.phone(), extra.replace("\"source\"", "\"firstName\":\"Churned\",\"source\""));
        String clubber = CustomerApiTest.create(CustomerApiTest.phone(), "");
        String staff = tag("staff-" + source);
        String club = tag("club-" + source);
        put(staffer, staff, 201);
        put(clubber, club, 201);
        String cohort = segment("{\"field\": \"source\", \"op\": \"equals\", \"value\": \"" + source + "\"}");
        String lapsed = segment("{\"all\": [{\"field\": \"source\", \"op\": \"equals\", \"value\": \"" + source + "\"},"
                + " {\"field\": \"firstName\", \"op\": \"equals\", \"value\": \"churned\"}]}");
        UUID campaign = UUID.randomUUID();
        UUID everyoneBut = UUID.randomUUID();
        try (TopicProbe audience = TopicProbe.tail("campaign.audience.v1")) {
            launch(campaign, UUID.randomUUID(), "{\"segmentIds\":[\"" + cohort + "\"],\"tagIds\":[\"" + club + "\"],\"excludeTagIds\":[\""
                    + staff + "\"],\"excludeSegmentIds\":[\"" + lapsed + "\"]}");
            // test profile: batches of 2; three recipients are a full batch and a short, last one
            List<ConsumerRecord<String, byte[]>> batches = audience.await(r -> campaign.toString().equals(r.key()), 2, Duration.ofSeconds(30));
            assertEquals(java.util.Set.of(a, b, clubber), new java.util.HashSet<>(recipientIds(batches)));
            assertEquals(3, JSON.readTree(batches.get(1).value()).path("recipientCount").asInt());

            // named customers but a segment: the cohort's are out
            launch(everyoneBut, UUID.randomUUID(), "{\"customerIds\":[\"" + a + "\",\"" + churned + "\",\"" + clubber
                    + "\"],\"excludeSegmentIds\":[\"" + cohort + "\"]}");
            List<ConsumerRecord<String, byte[]>> named = audience.await(r -> everyoneBut.toString().equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(List.of(clubber), recipientIds(named));
        }
    }

    static String segment(String conditions) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"audience " + UUID.randomUUID() + "\", \"conditions\": " + conditions + "}")
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
    }

    @Test
    void anAudienceThatFillsItsLastChunkEndsWithAnEmptyLastBatch() throws Exception {
        String club = tag("club-" + UUID.randomUUID());
        for (int i = 0; i < 4; i++) {
            put(CustomerApiTest.create(CustomerApiTest.phone(), ""), club, 201);
        }
        UUID campaign = UUID.randomUUID();
        try (TopicProbe audience = TopicProbe.tail("campaign.audience.v1")) {
            launch(campaign, UUID.randomUUID(), "{\"tagIds\":[\"" + club + "\"]}");
            // test profile: batches of 2, one batch per chunk: 2, 2, then a chunk that finds nobody
            List<ConsumerRecord<String, byte[]>> batches = audience.await(r -> campaign.toString().equals(r.key()), 3, Duration.ofSeconds(30));
            assertEquals(3, batches.size());
            assertEquals(4, recipientIds(batches).size());
            JsonNode last = JSON.readTree(batches.get(2).value());
            assertEquals(2, last.path("batchNo").asInt());
            assertTrue(last.path("last").asBoolean());
            assertEquals(3, last.path("batchCount").asInt(), "the last batch carries the exact count");
            assertEquals(4, last.path("recipientCount").asInt());
            assertFalse(JSON.readTree(batches.get(1).value()).path("last").asBoolean());
        }
    }

    @Test
    void aResolutionLeftHalfDoneIsCarriedOnFromItsCursor() throws Exception {
        String club = tag("half-" + UUID.randomUUID());
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String c = CustomerApiTest.create(CustomerApiTest.phone(), "");
            put(c, club, 201);
            members.add(c);
        }
        members.sort(null);
        UUID campaign = UUID.randomUUID();
        try (TopicProbe audience = TopicProbe.tail("campaign.audience.v1")) {
            // as a replica would leave it that wrote batches 0-4 (the first member the last of them) and died
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.dnwerks.testing.TestInfrastructure.get().jdbcUrl(), "postgres", "")) {
                c.createStatement().execute("INSERT INTO customer.audience_resolutions (campaign_id, audience, campaign, up_to_id, after_id,"
                        + " next_batch_no, recipients_written, batch_count, recipient_count) VALUES ('" + campaign + "',"
                        + " '{\"tagIds\":[\"" + club + "\"]}', '{\"name\":\"resumed\"}', '" + members.get(2) + "', '" + members.get(0) + "',"
                        + " 5, 9, 7, 11)");
            }
            List<ConsumerRecord<String, byte[]>> batches = audience.await(r -> campaign.toString().equals(r.key()), 2, Duration.ofSeconds(30));
            assertEquals(2, batches.size());
            assertEquals(members.subList(1, 3), recipientIds(batches), "only the members after the cursor");
            JsonNode first = JSON.readTree(batches.get(0).value());
            JsonNode last = JSON.readTree(batches.get(1).value());
            assertEquals(5, first.path("batchNo").asInt());
            assertEquals("resumed", first.path("campaign").path("name").asText());
            assertEquals(6, last.path("batchNo").asInt());
            assertTrue(last.path("last").asBoolean());
            assertEquals(7, last.path("batchCount").asInt());
            assertEquals(11, last.path("recipientCount").asInt(), "9 written before, 2 now");
        }
    }
}
