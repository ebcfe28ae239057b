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
            EarlyReceiptsTest.recordSend(campaign, answered, silent);
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
}
