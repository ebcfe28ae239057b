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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SMPP adapter against jsmpp's SMSC simulator: bind, submit (7-bit, UCS-2, concatenated), receipts matched across id forms, rebinding. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SmppTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SmppGatewayTest {

    private static boolean gatewayUp() {
        return given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/senders").then().statusCode(200)
                .extract().jsonPath().getBoolean("items.find { it.gateway == 'smsc' }.gatewayUp");
    }

    private static UUID campaignTo(String... recipients) {
        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",", recipients));
        return campaign;
    }

    private static long delivered(UUID campaign) throws Exception {
        return Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '" + campaign
                + "' AND status = 'delivered' AND error_message IS NULL AND NOT outcome_unknown");
    }

    @Test
    void messagesOfEveryKindAreSubmittedAndSettledByTheSmscsReceipts() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(SmppGatewayTest::gatewayUp);
        UUID campaign = campaignTo(
                FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone("61"), "Ana", "B"),
                FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone("62"), "Zoë 😀", "Łukasz"),
                FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone("63"), "Maximilian".repeat(17), "K"),
                FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone("64"), "Ζωή {€}".repeat(12), "U"));
        // the simulator answers submit_sm with a hex id and receipts with its decimal form: matched under msg-id-type 1
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered(campaign) == 4);
        assertEquals(4, Sql.count("delivery_service", "SELECT count(*) FROM delivery.message_external_ids e JOIN delivery.campaign_messages m "
                + "ON m.id = e.message_id WHERE m.campaign_id = '" + campaign + "' AND e.external_id ~ '^smsc:[0-9]+$'"),
                "external ids are kept in one (decimal) form, with the gateway's name");
    }

    @Test
    void aLostBindIsReboundWithANewSessionAndSendingGoesOn() {
        await().atMost(Duration.ofSeconds(30)).until(SmppGatewayTest::gatewayUp);
        SmppTestResource.link.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> !gatewayUp());
        await().atMost(Duration.ofSeconds(30)).until(SmppGatewayTest::gatewayUp);
        UUID campaign = campaignTo(FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone("65"), "A", "B"));
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered(campaign) == 1);
        given().get("http://127.0.0.1:9001/q/health/ready").then().statusCode(200);
    }
}
