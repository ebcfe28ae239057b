package io.dnwerks.delivery;

import io.dnwerks.delivery.service.Dispatcher;
import io.dnwerks.simulator.Ledger;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway taken as one without idempotency (at-most-once): a message a round that died had handed
 * over is recorded sent with its outcome unknown and never handed over again; the others go once.
 */
@QuarkusTest
@TestProfile(AtMostOnceHandOverTest.AtMostOnce.class)
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AtMostOnceHandOverTest {

    public static class AtMostOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dnwerks.gateways.simulator.simulator.delivery-guarantee", "at-most-once");
        }
    }

    @Inject
    Dispatcher dispatcher;

    @Test
    void aMessageADeadRoundHandedOverIsNotSentAgain() throws Exception {
        UUID campaign = UUID.randomUUID();
        Instant launched = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String lost = DispatchTest.phone("71");
        String fresh = DispatchTest.phone("72");
        // the first of two batches: the campaign waits for the second, and meanwhile a "dead round" marks one message
        FanOutTest.batch(campaign, launched, UUID.randomUUID(), 0, 2, FanOutTest.recipient(UUID.randomUUID(), lost, "A", "B"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'") == 1);
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "")) {
            // as a round leaves it that died between handing the message over and recording the answer
            assertEquals(1, c.createStatement().executeUpdate("UPDATE delivery.campaign_messages SET handed_over_at = now(), "
                    + "lease_owner = gen_random_uuid(), lease_until = now() - interval '1 second' WHERE campaign_id = '" + campaign
                    + "' AND status = 'pending'"));
        }
        FanOutTest.batch(campaign, launched, UUID.randomUUID(), 1, 2, FanOutTest.recipient(UUID.randomUUID(), fresh, "C", "D"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "' AND status <> 'pending'") == 2);
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '"
                + campaign + "' AND phone_number = '" + lost + "' AND status = 'sent' AND outcome_unknown AND external_id IS NULL"));
        Ledger ledger = SimulatorTestResource.simulator.ledger();
        assertNull(ledger.acceptedByPhone().get(lost), "the message a dead round handed over is not handed over again");
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acceptedByPhone().get(fresh) != null);
        assertEquals(1, ledger.acceptedByPhone().get(fresh).get());
        assertTrue(dispatcher.outcomesUnknown() >= 1);

        String id = given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).extract().path("items.find { it.outcomeUnknown }.id");
        given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages/" + id)
                .then().statusCode(200).body("status", equalTo("sent")).body("outcomeUnknown", equalTo(true));
    }

    @Test
    void theSendersAreListedWithTheirGatewayForEveryRoleAndNobodyElse() {
        for (String role : new String[]{"admin", "marketer", "viewer"}) {
            given().header("Authorization", Tokens.bearer(role)).get("/api/v1/senders").then().statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].id", equalTo("default"))
                    .body("items[0].from", equalTo("+15550100000"))
                    .body("items[0].kind", equalTo("number"))
                    .body("items[0].gateway", equalTo("simulator"))
                    .body("items[0].gatewayType", equalTo("simulator"))
                    .body("items[0].isDefault", equalTo(true))
                    .body("items[0].gatewayUp", equalTo(true))
                    .body("items[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("webhookSecret")));
        }
        given().get("/api/v1/senders").then().statusCode(401);
    }
}
