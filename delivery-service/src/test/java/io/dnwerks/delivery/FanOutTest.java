package io.dnwerks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class FanOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String recipient(UUID id, String phone, String first, String last) {
        return "{\"customerId\":\"" + id + "\",\"phone\":\"" + phone + "\",\"firstName\":" + (first == null ? "null" : "\"" + first + "\"")
                + ",\"lastName\":\"" + last + "\",\"timezone\":\"UTC\",\"preferredLanguage\":\"en\"}";
    }

    static void batch(UUID campaign, Instant launchedAt, UUID eventId, int no, int count, String recipients) {
        String body = "{\"campaignId\":\"" + campaign + "\",\"batchNo\":" + no + ",\"last\":" + (no == count - 1)
                + ",\"batchCount\":" + count + ",\"recipientCount\":3,\"campaign\":{\"campaignId\":\"" + campaign + "\","
                + "\"name\":\"Spring\",\"launchedAt\":\"" + launchedAt + "\",\"messageContent\":\"Hi {{firstName}} {{ lastName }}, 20% off!\","
                + "\"maxRetries\":2,\"retryDelayMinutes\":1,\"priority\":3,\"timezone\":\"UTC\"},\"recipients\":[" + recipients + "]}";
        TopicProbe.send("campaign.audience.v1", campaign.toString(), body.getBytes(StandardCharsets.UTF_8), Map.of(
                "ce_specversion", "1.0", "ce_id", eventId.toString(), "ce_type", "dnwerks.customer.AudienceBatch.v1",
                "ce_source", "/customer-service", "ce_subject", campaign.toString()));
    }

    static JsonNode body(ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void batchesBecomeOneRenderedMessagePerRecipientAndProgressIsReported() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID ana = UUID.randomUUID();
        UUID bo = UUID.randomUUID();
        UUID cy = UUID.randomUUID();
        UUID firstBatch = UUID.randomUUID();
        try (TopicProbe progress = TopicProbe.tail("delivery.events.v1")) {
            batch(campaign, launchedAt, firstBatch, 0, 2, recipient(ana, "+4915100000001", "Ana", "Lima") + ","
                    + recipient(bo, "+4915100000002", null, "O'Neil\\\\"));
            batch(campaign, launchedAt, UUID.randomUUID(), 1, 2, recipient(cy, "+4915100000003", "Cy", "Sá"));
            batch(campaign, launchedAt, firstBatch, 0, 2, recipient(ana, "+4915100000001", "Ana", "Lima")); // redelivered
            // the same recipients again under a new event id (a re-resolved audience): still no duplicates
            batch(campaign, launchedAt, UUID.randomUUID(), 1, 2, recipient(cy, "+4915100000003", "Cy", "Sá"));

            List<ConsumerRecord<String, byte[]>> complete = progress.await(r -> campaign.toString().equals(r.key())
                    && body(r).path("audienceComplete").asBoolean() && body(r).path("total").asInt() == 3, 1, Duration.ofSeconds(20));
            assertEquals(1, complete.size(), "a progress report with the whole audience");
            JsonNode last = body(complete.get(0));
            assertEquals(3, last.path("pending").asInt());
            assertEquals("dnwerks.delivery.CampaignDispatchProgress.v1", TopicProbe.header(complete.get(0), "ce_type"));
            assertEquals("sending", last.path("status").asText());
        }
        List<String> texts = given().header("Authorization", Tokens.bearer("marketer")).queryParam("status", "pending")
                .get("/api/v1/campaigns/" + campaign + "/messages").then().statusCode(200)
                .body("items.customerId", hasItems(ana.toString(), bo.toString(), cy.toString()))
                .extract().path("items.messageContent");
        assertEquals(3, texts.size(), "one message per recipient, whatever was redelivered");
        assertTrue(texts.contains("Hi Ana Lima, 20% off!"), texts.toString());
        assertTrue(texts.contains("Hi  O'Neil\\, 20% off!"), texts.toString());
        assertTrue(texts.contains("Hi Cy Sá, 20% off!"), texts.toString());
    }

    @Test
    void aRecipientRepeatedInAnotherBatchGetsOneMessageAndTheRestOfThatBatchIsCreated() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID ana = UUID.randomUUID();
        UUID bo = UUID.randomUUID();
        UUID cy = UUID.randomUUID();
        try (TopicProbe progress = TopicProbe.tail("delivery.events.v1")) {
            batch(campaign, launchedAt, UUID.randomUUID(), 0, 2, recipient(ana, "+4915100000011", "Ana", "Lima") + ","
                    + recipient(bo, "+4915100000012", "Bo", "Li"));
            // a new batch that should not hold ana, but does: her second message must not be made
            batch(campaign, launchedAt, UUID.randomUUID(), 1, 2, recipient(ana, "+4915100000011", "Ana", "Lima") + ","
                    + recipient(cy, "+4915100000013", "Cy", "Sá"));

            List<ConsumerRecord<String, byte[]>> complete = progress.await(r -> campaign.toString().equals(r.key())
                    && body(r).path("audienceComplete").asBoolean(), 1, Duration.ofSeconds(20));
            assertEquals(1, complete.size(), "both batches were taken");
            assertEquals(3, body(complete.get(0)).path("total").asInt(), "the counts hold each recipient once");
            assertEquals(3, body(complete.get(0)).path("pending").asInt());
        }
        List<String> customers = given().header("Authorization", Tokens.bearer("marketer"))
                .get("/api/v1/campaigns/" + campaign + "/messages").then().statusCode(200)
                .extract().path("items.customerId");
        assertEquals(3, customers.size(), customers.toString());
        assertTrue(customers.containsAll(List.of(ana.toString(), bo.toString(), cy.toString())), customers.toString());
    }

    @Test
    void poisonBatchesGoToTheDlqAloneAndTheirNeighboursAreFannedOut() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID notJson = UUID.randomUUID();
        UUID badPhone = UUID.randomUUID();
        try (TopicProbe dlq = TopicProbe.tail("campaign.audience.v1.dlq")) {
            // same key, same partition, most likely the same poll as the good batch
            TopicProbe.send("campaign.audience.v1", campaign.toString(), "{not json".getBytes(StandardCharsets.UTF_8), Map.of(
                    "ce_id", notJson.toString(), "ce_type", "dnwerks.customer.AudienceBatch.v1"));
            // well-formed, but a phone number the database refuses: the batch is split and this one goes alone
            batch(campaign, launchedAt, badPhone, 0, 2, recipient(UUID.randomUUID(), "0049-not-a-phone", "Di", "D"));
            batch(campaign, launchedAt, UUID.randomUUID(), 1, 2, recipient(UUID.randomUUID(), "+4915100000044", "Ed", "E"));

            List<ConsumerRecord<String, byte[]>> dead = dlq.await(r -> notJson.toString().equals(TopicProbe.header(r, "ce_id"))
                    || badPhone.toString().equals(TopicProbe.header(r, "ce_id")), 2, Duration.ofSeconds(60));
            assertEquals(2, dead.size(), "both bad batches are in the DLQ");
            dead.forEach(d -> assertTrue(TopicProbe.header(d, "dead-letter-reason") != null));
        }
        given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).body("items.phoneNumber", org.hamcrest.Matchers.contains("+4915100000044"));
    }

    @Test
    void aNewBatchWithARecipientTheCampaignHasAlreadyAddsOnlyTheOthers() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID ana = UUID.randomUUID();
        batch(campaign, launchedAt, UUID.randomUUID(), 0, 2, recipient(ana, "+4915100000061", "Ana", "A"));
        // a different batch number, so not a redelivery: the plain insert meets Ana again and falls back
        batch(campaign, launchedAt, UUID.randomUUID(), 1, 2, recipient(ana, "+4915100000061", "Ana", "A") + ","
                + recipient(UUID.randomUUID(), "+4915100000062", "Ben", "B"));
        for (int i = 0; i < 100; i++) {
            int n = given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages")
                    .then().statusCode(200).extract().path("items.size()");
            if (n >= 2) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(500);
        given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).body("items.phoneNumber", org.hamcrest.Matchers.containsInAnyOrder("+4915100000061", "+4915100000062"));
    }

    @Test
    void theLastBatchsExactCountCompletesTheAudience() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (TopicProbe progress = TopicProbe.tail("delivery.events.v1")) {
            // counted three batches at the launch; two customers left before their chunk was resolved
            batch(campaign, launchedAt, UUID.randomUUID(), 0, 3, recipient(UUID.randomUUID(), "+4915100000051", "La", "L"));
            List<ConsumerRecord<String, byte[]>> first = progress.await(r -> campaign.toString().equals(r.key())
                    && body(r).path("total").asInt() == 1, 1, Duration.ofSeconds(20));
            assertFalse(body(first.get(0)).path("audienceComplete").asBoolean(), "one batch of three counted");
            batch(campaign, launchedAt, UUID.randomUUID(), 1, 2, recipient(UUID.randomUUID(), "+4915100000052", "Mo", "M"));
            List<ConsumerRecord<String, byte[]>> complete = progress.await(r -> campaign.toString().equals(r.key())
                    && body(r).path("audienceComplete").asBoolean(), 1, Duration.ofSeconds(20));
            assertEquals(1, complete.size(), "complete once the last batch has come, by its count");
            assertEquals(2, body(complete.get(0)).path("total").asInt());
        }
    }

    @Test
    void pauseAndCancelReachDelivery() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (TopicProbe progress = TopicProbe.tail("delivery.events.v1")) {
            // the pause overtakes the audience: delivery must still end up paused, with the messages
            TopicProbe.send("campaign.events.v1", campaign.toString(), ("{\"campaignId\":\"" + campaign + "\",\"status\":\"paused\","
                    + "\"launchedAt\":\"" + launchedAt + "\"}").getBytes(StandardCharsets.UTF_8), Map.of(
                    "ce_id", UUID.randomUUID().toString(), "ce_type", "dnwerks.campaign.CampaignPaused.v1"));
            batch(campaign, launchedAt, UUID.randomUUID(), 0, 1, recipient(UUID.randomUUID(), "+4915100000009", "Di", "Ng"));
            assertEquals(1, progress.await(r -> campaign.toString().equals(r.key())
                    && "paused".equals(body(r).path("status").asText()) && body(r).path("total").asInt() == 1,
                    1, Duration.ofSeconds(20)).size(), "paused, with the audience that came after the pause");
        }
    }
}
