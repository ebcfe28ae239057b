package io.dnwerks.delivery;

import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frequency cap (3 marketing messages per number per 24 hours by default) across campaigns
 * sent at once, over the real dispatcher, database and simulator.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FrequencyCapTest {

    @Test
    void fiveCampaignsAtOnceTextANumberThreeTimesAndTheRestWaitOrEndAtTheirDeadline() throws Exception {
        String capped = DispatchTest.phone("71");
        String other = DispatchTest.phone("72");
        List<UUID> campaigns = new ArrayList<>();
        Instant launchedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 5; i++) {
            UUID campaign = UUID.randomUUID();
            campaigns.add(campaign);
            // the last campaign ends in an hour (by the service's clock): a message that must wait a day for a slot ends instead
            Map<String, String[]> audience = new HashMap<>();
            audience.put("Capped" + i, new String[] {capped, "Europe/Berlin"});
            if (i == 0) {
                audience.put("Other", new String[] {other, "Europe/Berlin"});
            }
            QuietHoursDispatchTest.launch(campaign, null, null, i == 4 ? Instant.now().plus(SimulatorTestResource.clock).plus(Duration.ofHours(1)) : null, audience);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages"
                + " WHERE phone_number = '" + capped + "' AND (status IN ('delivered', 'rejected') OR waiting_for = 'frequency-cap')") == 5);

        assertEquals(3, SimulatorTestResource.simulator.ledger().acceptedByPhone().get(capped).get(), "three texts, whatever the campaigns");
        assertEquals(1, SimulatorTestResource.simulator.ledger().acceptedByPhone().get(other).get(), "another number is not held back");
        assertEquals(3, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE phone_number = '" + capped
                + "' AND status = 'delivered'"));
        // of the two over the cap, the one with a deadline ends; the other waits about a day for the oldest send to leave the window
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE phone_number = '" + capped
                + "' AND campaign_id = '" + campaigns.get(4) + "' AND status = 'rejected' AND error_message = 'frequency-cap'")
                + Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE phone_number = '" + capped
                + "' AND campaign_id = '" + campaigns.get(4) + "' AND status = 'delivered'"));
        long waiting = Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE phone_number = '" + capped
                + "' AND status = 'pending' AND waiting_for = 'frequency-cap' AND retry_count = 0"
                + " AND next_retry_at BETWEEN now() + interval '23 hours' AND now() + interval '24 hours 1 minute'");
        long rejected = Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE phone_number = '" + capped
                + "' AND status = 'rejected' AND error_message = 'frequency-cap'");
        assertEquals(2, waiting + rejected, "the two over the cap wait a day or, past their deadline, end");
        assertTrue(rejected <= 1 && waiting >= 1, "only the campaign with a deadline ends one: waiting " + waiting + ", rejected " + rejected);
        assertEquals(3, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipient_sends WHERE phone = '" + capped + "'"),
                "one slot per text");
        for (UUID campaign : campaigns) {
            String status = given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/stats")
                    .then().statusCode(200).extract().path("byStatus.pending") == null ? "final" : "waiting";
            if ("waiting".equals(status)) {
                given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + campaign + "/messages/stats")
                        .then().body("waiting.frequency-cap", equalTo(1));
            }
        }
    }

    @Test
    void aMessageTheGatewayDidNotTakeGivesItsSlotBack() throws Exception {
        String rejectedByGateway = DispatchTest.phone("99"); // the simulator rejects it
        UUID campaign = UUID.randomUUID();
        QuietHoursDispatchTest.launch(campaign, null, null, null, Map.of("Gone", new String[] {rejectedByGateway, "Europe/Berlin"}));
        assertEquals(Map.of("rejected", 1), DispatchTest.awaitFinal(campaign, 1, Duration.ofSeconds(30)));
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipient_sends WHERE phone = '" + rejectedByGateway + "'"));
    }
}
