package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.TwilioStandIn;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Twilio-style adapter against a stand-in that answers, calls back and signs as Twilio documents it. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = TwilioTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TwilioGatewayTest {

    private static String status(UUID campaign, String phone) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(io.dnwerks.testing.TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             var rs = c.createStatement().executeQuery("SELECT status || ':' || coalesce(error_message, '') FROM delivery.campaign_messages "
                     + "WHERE campaign_id = '" + campaign + "' AND phone_number = '" + phone + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void answersAndReceiptsAreMappedAndEachPhoneIsTextedOnce() throws Exception {
        TwilioStandIn twilio = TwilioTestResource.twilio;
        String ok = DispatchTest.phone("81");
        String unreachable = DispatchTest.phone("82");
        String stopped = DispatchTest.phone("83");
        String landline = DispatchTest.phone("84");
        twilio.undeliverable(unreachable, "30005");
        twilio.unsubscribe(stopped);
        twilio.notSmsCapable(landline);
        twilio.throttleNext(2); // the first requests are refused with 429/20429: waited out, no retry spent
        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",",
                FanOutTest.recipient(UUID.randomUUID(), ok, "A", "B"), FanOutTest.recipient(UUID.randomUUID(), unreachable, "C", "D"),
                FanOutTest.recipient(UUID.randomUUID(), stopped, "E", "F"), FanOutTest.recipient(UUID.randomUUID(), landline, "G", "H")));

        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + campaign + "' AND status IN ('delivered', 'bounced', 'rejected')") == 4);
        assertEquals("delivered:", status(campaign, ok));
        assertEquals("bounced:Twilio error 30005", status(campaign, unreachable));
        assertEquals("rejected:opted-out", status(campaign, stopped));
        assertTrue(status(campaign, landline).startsWith("rejected:400 21614"), status(campaign, landline));
        // 21610: the number is on our suppression list too, as the gateway's opt-out
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + stopped
                + "' AND suppressed_reason = 'opted-out' AND suppression_source = 'gateway'"));
        assertEquals(1, twilio.textsTo(ok));
        assertEquals(1, twilio.textsTo(unreachable));
        assertEquals(0, twilio.textsTo(stopped));
        assertEquals(0, twilio.unauthorisedRequests());
        assertTrue(twilio.sent().stream().filter(s -> s.to().equals(ok)).allMatch(s -> s.from().equals(TwilioTestResource.FROM)));
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '"
                + campaign + "' AND retry_count > 0"), "a 429 costs no retry");
    }

    @Test
    void aStopIsTakenFromTheSignedWebhookAndConfirmedFromTheNumberItWasSentTo() throws Exception {
        TwilioStandIn twilio = TwilioTestResource.twilio;
        String phone = DispatchTest.phone("85");
        String ours = "+15005550099";
        String url = "http://127.0.0.1:" + RestAssured.port + "/webhooks/inbound/twilio";
        assertEquals(200, twilio.inbound(url, phone, ours, "Stop"));
        await().atMost(Duration.ofSeconds(30)).until(() -> twilio.textsTo(phone) == 1);
        TwilioStandIn.Sent reply = twilio.sent().stream().filter(s -> s.to().equals(phone)).findFirst().orElseThrow();
        assertEquals(ours, reply.from(), "the confirmation comes from the number the STOP was sent to");
        assertTrue(reply.body().contains("unsubscribed"), reply.body());
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason = 'opted-out'"));
    }

    @Test
    void aMessageWhoseAnswerWasLostIsSettledByItsReceiptAndNotSentAgain() throws Exception {
        TwilioStandIn twilio = TwilioTestResource.twilio;
        String receiptFirst = DispatchTest.phone("87");
        String receiptAfter = DispatchTest.phone("88");
        twilio.loseAnswer(receiptFirst, true);
        twilio.loseAnswer(receiptAfter, false);
        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",",
                FanOutTest.recipient(UUID.randomUUID(), receiptFirst, "A", "B"),
                FanOutTest.recipient(UUID.randomUUID(), receiptAfter, "C", "D")));

        // no answer: sent with its outcome unknown (at-most-once, never asked again); then the receipt,
        // which carries our id in the StatusCallback URL, settles it and teaches it Twilio's sid
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + campaign + "' AND status = 'delivered' AND NOT outcome_unknown") == 2);
        for (String phone : List.of(receiptFirst, receiptAfter)) {
            String sid = twilio.sent().stream().filter(s -> s.to().equals(phone)).findFirst().orElseThrow().sid();
            assertEquals(1, twilio.textsTo(phone), phone);
            assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages m JOIN delivery.message_external_ids e "
                    + "ON e.message_id = m.id WHERE m.phone_number = '" + phone + "' AND m.external_id = '" + sid + "' AND e.external_id = '" + sid + "'"));
        }
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.early_receipts WHERE message_id IN "
                + "(SELECT id FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "')"), "nothing left parked");
    }

    @Test
    void aRefusedCallbackNamesTwiliosParameter() throws Exception {
        String url = "http://127.0.0.1:" + RestAssured.port + "/webhooks/receipts/twilio";
        Map<String, String> noSid = new TreeMap<>(Map.of("AccountSid", TwilioTestResource.ACCOUNT, "MessageStatus", "delivered"));
        given().header("X-Twilio-Signature", TwilioTestResource.twilio.signatureOf(url, noSid)).formParams(noSid).post(url)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("MessageSid"));
        Map<String, String> noBody = new TreeMap<>(Map.of("MessageSid", "SM" + "1".repeat(32), "From", DispatchTest.phone("89"),
                "To", "+15005550099"));
        String inbound = "http://127.0.0.1:" + RestAssured.port + "/webhooks/inbound/twilio";
        given().header("X-Twilio-Signature", TwilioTestResource.twilio.signatureOf(inbound, noBody)).formParams(noBody).post(inbound)
                .then().statusCode(400).body("errors[0].field", equalTo("Body"));
    }

    @Test
    void aWebhookWithoutTwilioSignatureIsRefused() throws Exception {
        String phone = DispatchTest.phone("86");
        Map<String, String> params = new TreeMap<>(Map.of("MessageSid", "SM" + "0".repeat(32), "From", phone,
                "To", "+15005550099", "Body", "STOP"));
        String url = "http://127.0.0.1:" + RestAssured.port + "/webhooks/inbound/twilio";
        given().header("X-Twilio-Signature", "bm90IGl0").formParams(params).post(url).then().statusCode(401)
                .contentType("application/problem+json");
        // signed over another URL: refused too
        given().header("X-Twilio-Signature", TwilioTestResource.twilio.signatureOf(url + "?x=1", params)).formParams(params).post(url)
                .then().statusCode(401);
        given().header("X-Twilio-Signature", TwilioTestResource.twilio.signatureOf(url, params)).formParams(params).post(url)
                .then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("xml"));
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.inbound_messages WHERE from_number = '"
                + phone + "'"), "only the signed request was taken");
    }

    @Test
    void theSenderListsItsGateway() {
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/senders").then().statusCode(200)
                .body("items[0].gateway", equalTo("twilio")).body("items[0].gatewayType", equalTo("twilio"))
                .body("items[0].from", equalTo(TwilioTestResource.FROM));
        List<String> leaked = given().header("Authorization", Tokens.bearer("admin")).get("/api/v1/senders").then().extract()
                .jsonPath().getList("items.findAll { it.toString().contains('" + TwilioTestResource.TOKEN + "') }");
        assertTrue(leaked.isEmpty(), "no credential in the API");
    }
}
