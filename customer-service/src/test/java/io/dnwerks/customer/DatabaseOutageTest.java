package io.dnwerks.customer;

import io.dnwerks.common.event.Topics;
import io.dnwerks.common.fault.ConsumerHealth;
import io.dnwerks.customer.messaging.CampaignEventsConsumer;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A database outage is waited out: a launch that arrives meanwhile is resolved once it is back, and nothing goes to the DLQ. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class DatabaseOutageTest {


    @Inject
    ConsumerHealth health;

    @Test
    void aCampaignLaunchedWhileTheDatabaseIsAwayIsResolvedWhenItReturnsAndNothingIsDeadLettered() throws Exception {
        String vip = TagsAndAudienceTest.tag("outage-" + UUID.randomUUID());
        String customer = CustomerApiTest.create(CustomerApiTest.phone(), "");
        TagsAndAudienceTest.put(customer, vip, 201);
        UUID campaign = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        TestInfrastructure infra = TestInfrastructure.get();
        try (TopicProbe audience = TopicProbe.tail(Topics.CAMPAIGN_AUDIENCE);
             TopicProbe dlq = TopicProbe.tail(Topics.dlq(Topics.CAMPAIGN_EVENTS))) {
            infra.stopPostgres();
            try {
                TagsAndAudienceTest.launch(campaign, event, "{\"tagIds\":[\"" + vip + "\"]}");
                await().atMost(Duration.ofSeconds(90)).until(() -> health.attempts(CampaignEventsConsumer.CONSUMER) >= TestInfrastructure.ATTEMPTS_DURING_OUTAGE);
                io.dnwerks.testing.Management.given().get("/q/health/ready").then().statusCode(503)
                        .body(containsString("consumers"), containsString(CampaignEventsConsumer.CONSUMER));
            } finally {
                infra.startPostgres();
            }
            List<ConsumerRecord<String, byte[]>> batches = audience.await(r -> campaign.toString().equals(r.key()), 1, Duration.ofSeconds(60));
            assertEquals(1, batches.size(), "the audience is resolved once the database is back");
            assertEquals(List.of(customer), TagsAndAudienceTest.recipientIds(batches));
            await().atMost(Duration.ofSeconds(30)).until(() -> health.attempts(CampaignEventsConsumer.CONSUMER) == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> io.dnwerks.testing.Management.given().get("/q/health/ready").statusCode() == 200);
            assertEquals(0, dlq.collect(r -> event.toString().equals(TopicProbe.header(r, "ce_id")), Duration.ofSeconds(2)).size(),
                    "a transient failure sends nothing to the DLQ");
        }
    }

}
