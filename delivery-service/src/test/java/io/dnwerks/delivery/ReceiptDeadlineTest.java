package io.dnwerks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.dnwerks.common.event.Topics;
import io.dnwerks.testing.DnwerksTestResource;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A receipt that never comes does not hold a campaign for ever: past the deadline its message counts apart. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ReceiptDeadlineTest {

    @Test
    void aSentMessageWhoseReceiptIsOverdueIsReportedApartSoThatItsCampaignCanComplete() throws Exception {
        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), "+4915100000301", "Io", "Ja") + ","
                        + FanOutTest.recipient(UUID.randomUUID(), "+4915100000302", "Ko", "La"));
        await().atMost(Duration.ofSeconds(30)).until(() -> DispatchTest.statusCounts(campaign).equals(Map.of("pending", 2)));
        String answered = "SIM-answered-" + UUID.randomUUID();
        String silent = "SIM-silent-" + UUID.randomUUID();
        try (TopicProbe progress = TopicProbe.tail(Topics.DELIVERY_EVENTS)) {
            sendBoth(campaign, answered, silent);
            String receipt = "{\"externalId\":\"" + answered + "\",\"status\":\"delivered\"}";
            given().contentType(ContentType.JSON).headers(DispatchTest.signed(receipt)).body(receipt)
                    .post("/webhooks/receipts/simulator").then().statusCode(202);

            List<ConsumerRecord<String, byte[]>> overdue = progress.await(r -> campaign.toString().equals(r.key())
                    && FanOutTest.body(r).path("receiptsOverdue").asInt() == 1, 1, Duration.ofSeconds(30));
            assertEquals(1, overdue.size(), "a report counts the message whose receipt is past the deadline (3 s in tests)");
            JsonNode report = FanOutTest.body(overdue.get(0));
            assertEquals(0, report.path("pending").asInt());
            assertEquals(1, report.path("sent").asInt(), "the message stays sent: nobody knows more");
            assertEquals(1, report.path("delivered").asInt());
        }
        assertEquals(Map.of("sent", 1, "delivered", 1), DispatchTest.statusCounts(campaign));
    }

    /** What dispatch records when the gateway takes both messages: each one sent with its external id. */
    private static void sendBoth(UUID campaign, String first, String second) throws Exception {
        try (Connection c = DriverManager.getConnection(io.dnwerks.testing.TestInfrastructure.get().jdbcUrl(), "delivery_service", "")) {
            c.setAutoCommit(false);
            c.createStatement().execute("WITH m AS (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n"
                    + " FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'),"
                    + " upd AS (UPDATE delivery.campaign_messages t SET status = 'sent', sent_at = now(),"
                    + " external_id = CASE WHEN m.n = 1 THEN '" + first + "' ELSE '" + second + "' END"
                    + " FROM m WHERE t.id = m.id AND t.created_at = m.created_at RETURNING t.id, t.created_at, t.external_id)"
                    + " INSERT INTO delivery.message_external_ids (external_id, message_id, created_at)"
                    + " SELECT external_id, id, created_at FROM upd");
            c.createStatement().execute("INSERT INTO delivery.campaign_count_deltas (campaign_id, pending, sent) VALUES ('"
                    + campaign + "', -2, 2)");
            c.commit();
        }
    }
}
