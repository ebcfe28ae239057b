package io.dnwerks.campaign;

import io.dnwerks.campaign.domain.Audience;
import io.dnwerks.common.event.Topics;
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
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What a request may not be: a placeholder left open, an explicit audience too large for its events. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CampaignLimitsTest {

    /** The text that took the old placeholder pattern 9.5 s, on the event loop. */
    static final String OPEN_THEN_SPACES = "{{" + " ".repeat(1590);

    @Test
    void aPlaceholderLeftOpenIsRefusedAtOnceNamingTheField() {
        // generous against the milliseconds it takes, and far below the seconds the old pattern took
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> given().header("Authorization", Tokens.bearer("marketer"))
                .contentType(ContentType.JSON).body("{\"name\":\"worst\",\"content\":\"" + OPEN_THEN_SPACES + "\"}")
                .post("/api/v1/templates").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("content"))
                .body("errors[0].reason", containsString("never closed")));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> given().header("Authorization", Tokens.bearer("marketer"))
                .contentType(ContentType.JSON).body("{\"name\":\"worst\",\"messageContent\":\"Hi there, {{" + " ".repeat(1580) + "\"}")
                .post("/api/v1/campaigns").then().statusCode(400)
                .body("errors[0].field", equalTo("messageContent"))
                .body("errors[0].reason", containsString("character 11")));
    }

    @Test
    void anExplicitAudienceIsCappedSoThatEveryEventOfTheCampaignFitsKafka() {
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body(campaignNaming(Audience.MAX_CUSTOMER_IDS + 1))
                .post("/api/v1/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("audience.customerIds"))
                .body("errors[0].reason", containsString(String.valueOf(Audience.MAX_CUSTOMER_IDS)));

        try (TopicProbe events = TopicProbe.tail(Topics.CAMPAIGN_EVENTS)) {
            String id = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                    .body(campaignNaming(Audience.MAX_CUSTOMER_IDS))
                    .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
            List<ConsumerRecord<String, byte[]>> created = events.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(1, created.size(), "the largest allowed audience is published");
            assertEquals("dnwerks.campaign.CampaignCreated.v1", TopicProbe.header(created.get(0), "ce_type"));
        }
    }

    private static String campaignNaming(int customers) {
        String ids = IntStream.range(0, customers).mapToObj(i -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(","));
        return "{\"name\":\"Named\",\"messageContent\":\"Hi {{firstName}}, this one is for you\",\"audience\":{\"customerIds\":[" + ids + "]}}";
    }
}
