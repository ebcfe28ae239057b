package io.dnwerks.campaign;

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

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CampaignLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    static String draft(String extra) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"Spring sale\",\"messageContent\":\"Hi {{firstName}}, spring is here: 20% off!\"" + extra + "}")
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    static io.restassured.response.ValidatableResponse act(String id, String action) {
        return given().header("Authorization", Tokens.bearer("marketer")).post("/api/v1/campaigns/" + id + "/" + action).then();
    }

    @Test
    void aCampaignWithoutAnAudienceOrWithAnUnknownVariableCannotLaunch() {
        act(draft(""), "launch").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("audience"));
        String id = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Dear {{title}} {{lastName}}, welcome!\",\"audience\":{\"all\":true}}")
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        act(id, "launch").statusCode(400).body("errors[0].field", equalTo("messageContent"))
                .body("errors[0].reason", containsString("{{title}}"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello everyone out there\",\"audience\":{\"all\":true,\"tagIds\":[\"" + UUID.randomUUID() + "\"]}}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("audience.all"));
    }

    @Test
    void anAudienceOfSegmentsWithExclusionsIsCheckedAndTravelsWithTheLaunch() throws Exception {
        String segment = UUID.randomUUID().toString();
        String staff = UUID.randomUUID().toString();
        String churned = UUID.randomUUID().toString();
        // exclusions alone reach nobody: stored with the draft, refused at the launch
        String onlyExcluded = draft(",\"audience\":{\"excludeTagIds\":[\"" + staff + "\"]}");
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + onlyExcluded).then().statusCode(200)
                .body("audience.excludeTagIds[0]", equalTo(staff));
        act(onlyExcluded, "launch").statusCode(400).body("errors[0].field", equalTo("audience"))
                .body("errors[0].reason", containsString("segmentIds"));
        // a tag or a segment both included and excluded is a mistake, named
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello everyone out there\",\"audience\":{\"tagIds\":[\"" + staff
                        + "\"],\"excludeTagIds\":[\"" + staff + "\"]}}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("audience.excludeTagIds"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello everyone out there\",\"audience\":{\"segmentIds\":[\"" + segment
                        + "\"],\"excludeSegmentIds\":[\"" + segment + "\"]}}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("audience.excludeSegmentIds"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello everyone out there\",\"audience\":{\"all\":true,\"segmentIds\":[\""
                        + segment + "\"]}}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("audience.all"));
        String many = String.join(",", java.util.Collections.nCopies(101, "\"" + segment + "\""));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"messageContent\":\"Hello everyone out there\",\"audience\":{\"segmentIds\":[" + many + "]}}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("audience.segmentIds"));

        try (TopicProbe events = TopicProbe.tail("campaign.events.v1")) {
            // everyone but the staff and the churned
            String everyoneBut = draft(",\"audience\":{\"all\":true,\"excludeTagIds\":[\"" + staff + "\"],\"excludeSegmentIds\":[\""
                    + churned + "\"]}");
            String bySegment = draft(",\"audience\":{\"segmentIds\":[\"" + segment + "\"],\"excludeTagIds\":[\"" + staff + "\"]}");
            act(everyoneBut, "launch").statusCode(200);
            act(bySegment, "launch").statusCode(200);
            JsonNode first = JSON.readTree(events.await(r -> everyoneBut.equals(r.key())
                    && "dnwerks.campaign.CampaignLaunched.v1".equals(TopicProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30)).get(0).value());
            assertEquals(List.of("all", "excludeTagIds", "excludeSegmentIds"), iterate(first.path("audience").fieldNames()));
            assertEquals(churned, first.path("audience").path("excludeSegmentIds").get(0).asText());
            JsonNode second = JSON.readTree(events.await(r -> bySegment.equals(r.key())
                    && "dnwerks.campaign.CampaignLaunched.v1".equals(TopicProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30)).get(0).value());
            assertEquals(segment, second.path("audience").path("segmentIds").get(0).asText());
            assertEquals(staff, second.path("audience").path("excludeTagIds").get(0).asText());
        }
    }

    @Test
    void launchPauseResumeCancelEachPublishTheirEvent() throws Exception {
        String tag = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.tail("campaign.events.v1")) {
            String id = draft(",\"audience\":{\"tagIds\":[\"" + tag + "\"]},\"maxRetries\":1,\"priority\":5,"
                    + "\"sendingWindow\":\"09:00-20:00 MON-SAT\",\"sendAtLocalTime\":\"2027-03-15T10:00:00\"");
            act(id, "launch").statusCode(200).body("status", equalTo("sending")).body("launchedAt", notNullValue());
            act(id, "launch").statusCode(409).contentType("application/problem+json");
            act(id, "pause").statusCode(200).body("status", equalTo("paused"));
            act(id, "pause").statusCode(409);
            act(id, "resume").statusCode(200).body("status", equalTo("sending"));
            act(id, "cancel").statusCode(200).body("status", equalTo("cancelled")).body("completedAt", notNullValue());
            act(id, "resume").statusCode(409);
            given().header("Authorization", Tokens.bearer("viewer")).post("/api/v1/campaigns/" + id + "/launch").then().statusCode(403);

            List<ConsumerRecord<String, byte[]>> seen = events.await(r -> id.equals(r.key()), 5, Duration.ofSeconds(30));
            List<String> types = seen.stream().map(r -> TopicProbe.header(r, "ce_type")).toList();
            assertEquals(List.of("dnwerks.campaign.CampaignCreated.v1", "dnwerks.campaign.CampaignLaunched.v1",
                    "dnwerks.campaign.CampaignPaused.v1", "dnwerks.campaign.CampaignResumed.v1",
                    "dnwerks.campaign.CampaignCancelled.v1"), types);
            JsonNode launched = JSON.readTree(seen.get(1).value());
            assertEquals(tag, launched.path("audience").path("tagIds").get(0).asText());
            // the sending rules travel with the launch to customer-service's batches and on to delivery
            assertEquals("09:00-20:00 MON-SAT", launched.path("sendingWindow").asText());
            assertEquals("2027-03-15T10:00:00", launched.path("sendAtLocalTime").asText());
            assertTrue(launched.path("deadline").isNull());
            assertEquals(List.of("tagIds"), iterate(launched.path("audience").fieldNames()));
            assertEquals("Hi {{firstName}}, spring is here: 20% off!", launched.path("messageContent").asText());
            assertEquals(1, launched.path("maxRetries").asInt());
            assertEquals(5, launched.path("priority").asInt());
        }
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + UUID.randomUUID() + "/stats")
                .then().statusCode(404);
    }

    @Test
    void aScheduledCampaignLaunchesItselfOnceWhenDue() {
        String at = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
        try (TopicProbe events = TopicProbe.tail("campaign.events.v1")) {
            String id = draft(",\"audience\":{\"all\":true},\"scheduledAt\":\"" + at + "\",\"timezone\":\"Europe/Berlin\"");
            act(id, "launch").statusCode(200).body("status", equalTo("scheduled"));
            List<ConsumerRecord<String, byte[]>> launched = events.await(
                    r -> id.equals(r.key()) && "dnwerks.campaign.CampaignLaunched.v1".equals(TopicProbe.header(r, "ce_type")),
                    1, Duration.ofSeconds(30));
            assertEquals(1, launched.size());
            assertEquals(0, events.collect(r -> id.equals(r.key())
                    && "dnwerks.campaign.CampaignLaunched.v1".equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(3)).size(),
                    "launched once");
            given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + id + "/stats")
                    .then().statusCode(200).body("status", equalTo("sending")).body("total", equalTo(0));
        }
    }

    @Test
    void aCampaignTakesItsTextFromATemplate() {
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"bad\",\"content\":\"Hello {{nickname}}!\"}")
                .post("/api/v1/templates").then().statusCode(400).body("errors[0].field", equalTo("content"));
        String template = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"welcome\",\"content\":\"Welcome aboard, {{firstName}} {{lastName}}!\",\"category\":\"onboarding\"}")
                .post("/api/v1/templates").then().statusCode(201).body("variables[0]", equalTo("firstName"))
                .extract().path("id");
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"Welcome wave\",\"templateId\":\"" + template + "\",\"audience\":{\"all\":true}}")
                .post("/api/v1/campaigns").then().statusCode(201)
                .body("messageContent", equalTo("Welcome aboard, {{firstName}} {{lastName}}!"))
                .body("templateId", equalTo(template));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"Nothing\",\"templateId\":\"" + UUID.randomUUID() + "\"}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"Nothing\"}")
                .post("/api/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("messageContent"));
    }

    static void progress(String campaign, long seq, int total, int pending, int sent, int delivered, int failed, boolean complete) {
        String body = "{\"campaignId\":\"" + campaign + "\",\"seq\":" + seq + ",\"status\":\"sending\",\"total\":" + total
                + ",\"pending\":" + pending + ",\"sent\":" + sent + ",\"delivered\":" + delivered + ",\"failed\":" + failed
                + ",\"bounced\":0,\"rejected\":0,\"audienceComplete\":" + complete + "}";
        TopicProbe.send("delivery.events.v1", campaign, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", "dnwerks.delivery.CampaignDispatchProgress.v1", "ce_source", "/delivery-service"));
    }

    static io.restassured.response.ValidatableResponse statsWhen(String campaign, org.hamcrest.Matcher<?> total) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var r = given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/stats").then().statusCode(200);
            if (total.matches(r.extract().path("total"))) {
                return r;
            }
            Thread.sleep(200);
        }
        return given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/stats").then();
    }

    @Test
    void progressReportsKeepTheStatsAndTheLastOneCompletesTheCampaign() throws Exception {
        String id = draft(",\"audience\":{\"all\":true}");
        act(id, "launch").statusCode(200);
        progress(id, 2, 10, 4, 3, 2, 1, true);
        statsWhen(id, equalTo(10)).body("pending", equalTo(4)).body("sent", equalTo(3)).body("delivered", equalTo(2))
                .body("failed", equalTo(1)).body("status", equalTo("sending")).body("audienceComplete", equalTo(true));
        progress(id, 1, 9, 9, 0, 0, 0, false); // older, arriving late: ignored
        progress(id, 3, 10, 0, 0, 8, 2, true);
        statsWhen(id, equalTo(10));
        for (int i = 0; i < 100; i++) {
            String status = given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + id).then().extract().path("status");
            if ("sent".equals(status)) {
                break;
            }
            Thread.sleep(200);
        }
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + id + "/stats").then()
                .body("status", equalTo("sent")).body("delivered", equalTo(8)).body("failed", equalTo(2)).body("pending", equalTo(0))
                .body("completedAt", notNullValue());
    }

    @Test
    void aPoisonProgressReportGoesToTheDlqWhileMessageEventsArePassedOver() throws Exception {
        String id = draft(",\"audience\":{\"all\":true}");
        act(id, "launch").statusCode(200);
        UUID poison = UUID.randomUUID();
        UUID messageEvent = UUID.randomUUID();
        try (TopicProbe dlq = TopicProbe.tail("delivery.events.v1.dlq")) {
            // not for campaign-service, and not even JSON: passed over by its type, never dead-lettered
            TopicProbe.send("delivery.events.v1", id, "{nope".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(
                    "ce_id", messageEvent.toString(), "ce_type", "dnwerks.delivery.MessageSent.v1"));
            TopicProbe.send("delivery.events.v1", id, "{\"seq\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(
                    "ce_id", poison.toString(), "ce_type", "dnwerks.delivery.CampaignDispatchProgress.v1"));
            progress(id, 2, 7, 7, 0, 0, 0, true);
            statsWhen(id, equalTo(7)).body("pending", equalTo(7));
            List<ConsumerRecord<String, byte[]>> dead = dlq.await(r -> poison.toString().equals(TopicProbe.header(r, "ce_id"))
                    || messageEvent.toString().equals(TopicProbe.header(r, "ce_id")), 1, Duration.ofSeconds(30));
            assertEquals(1, dead.size());
            assertEquals(poison.toString(), TopicProbe.header(dead.get(0), "ce_id"));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("campaignId"));
        }
    }
}
