package io.dnwerks.delivery;

import io.dnwerks.common.event.Topics;
import io.dnwerks.common.fault.ConsumerHealth;
import io.dnwerks.delivery.messaging.AudienceBatchConsumer;
import io.dnwerks.delivery.messaging.CampaignEventsConsumer;
import io.dnwerks.delivery.messaging.CampaignStateChanged;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Audience batches (a batch consumer), a cancel (a record-at-a-time consumer) and a delivery receipt
 * (taken by the webhook) that arrive while the database is away are applied once it is back: nobody's
 * message is lost, the cancel holds, the receipt lands, nothing goes to a DLQ.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class DatabaseOutageTest {


    @Inject
    ConsumerHealth health;

    @Test
    void batchesAndACancelThatArriveDuringAnOutageAreAppliedWhenTheDatabaseReturns() throws Exception {
        UUID cancelled = UUID.randomUUID();
        Instant cancelledLaunch = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        FanOutTest.batch(cancelled, cancelledLaunch, UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), "+4915100000201", "Di", "Ng"));
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(cancelled) == 1);
        UUID receipted = UUID.randomUUID();
        String externalId = "SIM-outage-" + UUID.randomUUID();
        FanOutTest.batch(receipted, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), "+4915100000205", "Ha", "Ri"));
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(receipted) == 1);
        EarlyReceiptsTest.recordSend(receipted, externalId);

        UUID campaign = UUID.randomUUID();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID cancel = UUID.randomUUID();
        TestInfrastructure infra = TestInfrastructure.get();
        try (TopicProbe audienceDlq = TopicProbe.tail(Topics.dlq(Topics.CAMPAIGN_AUDIENCE));
             TopicProbe eventsDlq = TopicProbe.tail(Topics.dlq(Topics.CAMPAIGN_EVENTS))) {
            infra.stopPostgres();
            try {
                FanOutTest.batch(campaign, launchedAt, first, 0, 2, FanOutTest.recipient(UUID.randomUUID(), "+4915100000202", "Ed", "Oh")
                        + "," + FanOutTest.recipient(UUID.randomUUID(), "+4915100000203", "Flo", "Pi"));
                FanOutTest.batch(campaign, launchedAt, second, 1, 2, FanOutTest.recipient(UUID.randomUUID(), "+4915100000204", "Gu", "Qi"));
                cancel(cancelled, cancelledLaunch, cancel);
                // a gateway's receipt is taken while the database is away, not refused for the gateway to retry
                String receipt = "{\"externalId\":\"" + externalId + "\",\"status\":\"delivered\"}";
                given().contentType(ContentType.JSON).headers(DispatchTest.signed(receipt)).body(receipt)
                        .post("/webhooks/receipts/simulator").then().statusCode(202);
                await().atMost(Duration.ofSeconds(90)).until(() -> health.attempts(AudienceBatchConsumer.CONSUMER) >= TestInfrastructure.ATTEMPTS_DURING_OUTAGE
                        && health.attempts(CampaignEventsConsumer.CONSUMER) >= TestInfrastructure.ATTEMPTS_DURING_OUTAGE);
            } finally {
                infra.startPostgres();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pending(campaign) == 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> "cancelled".equals(status(cancelled)));
            await().atMost(Duration.ofSeconds(60)).until(() -> DispatchTest.statusCounts(receipted).equals(Map.of("delivered", 1)));
            await().atMost(Duration.ofSeconds(30)).until(() -> !health.anyWaiting());
            Set<String> ids = Set.of(first.toString(), second.toString(), cancel.toString());
            assertEquals(0, audienceDlq.collect(r -> ids.contains(TopicProbe.header(r, "ce_id")), Duration.ofSeconds(2)).size(),
                    "no audience batch was dead-lettered");
            assertEquals(0, eventsDlq.collect(r -> ids.contains(TopicProbe.header(r, "ce_id")), Duration.ofSeconds(1)).size(),
                    "the cancel was not dead-lettered");
        }
    }

    static void cancel(UUID campaign, Instant launchedAt, UUID eventId) {
        String body = "{\"campaignId\":\"" + campaign + "\",\"status\":\"cancelled\",\"launchedAt\":\"" + launchedAt + "\",\"at\":\""
                + Instant.now() + "\"}";
        TopicProbe.send(Topics.CAMPAIGN_EVENTS, campaign.toString(), body.getBytes(StandardCharsets.UTF_8), Map.of(
                "ce_specversion", "1.0", "ce_id", eventId.toString(), "ce_type", CampaignStateChanged.CANCELLED,
                "ce_source", "/campaign-service", "ce_subject", campaign.toString()));
    }


    private static int pending(UUID campaign) {
        List<Object> items = given().header("Authorization", Tokens.bearer("marketer")).queryParam("status", "pending")
                .get("/api/v1/campaigns/" + campaign + "/messages").then().statusCode(200).extract().path("items");
        return items.size();
    }

    private static String status(UUID campaign) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT status FROM delivery.delivery_campaigns WHERE campaign_id = '"
                     + campaign + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
