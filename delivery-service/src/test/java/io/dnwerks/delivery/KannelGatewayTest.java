package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.KannelStandIn;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kannel adapter against a stand-in that answers, reports and takes MO as Kannel's user guide documents it. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = KannelTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KannelGatewayTest {

    private static String status(UUID campaign, String phone) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(io.dnwerks.testing.TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             var rs = c.createStatement().executeQuery("SELECT status || ':' || coalesce(error_message, '') FROM delivery.campaign_messages "
                     + "WHERE campaign_id = '" + campaign + "' AND phone_number = '" + phone + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static KannelStandIn.Sent textTo(String phone) {
        return KannelTestResource.kannel.sent().stream().filter(s -> s.to().equals(phone)).findFirst().orElseThrow();
    }

    @Test
    void answersAndEveryReportTypeAreMappedAndEachPhoneIsTextedOnce() throws Exception {
        KannelStandIn kannel = KannelTestResource.kannel;
        String ok = DispatchTest.phone("71");
        String unicode = DispatchTest.phone("72");
        String unroutable = DispatchTest.phone("73");
        String unreachable = DispatchTest.phone("74");
        String refused = DispatchTest.phone("75");
        String longText = DispatchTest.phone("76");
        kannel.unroutable(unroutable);
        kannel.undeliverable(unreachable);
        kannel.smscRejects(refused);
        kannel.temporalFailures(1); // one 503: worth a retry
        UUID campaign = UUID.randomUUID();
        String longName = "Maximilian".repeat(17);
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",",
                FanOutTest.recipient(UUID.randomUUID(), ok, "Ana", "B"),
                FanOutTest.recipient(UUID.randomUUID(), unicode, "Zoë 😀", "Łukasz"),
                FanOutTest.recipient(UUID.randomUUID(), unroutable, "E", "F"),
                FanOutTest.recipient(UUID.randomUUID(), unreachable, "G", "H"),
                FanOutTest.recipient(UUID.randomUUID(), refused, "I", "J"),
                FanOutTest.recipient(UUID.randomUUID(), longText, longName, "K")));

        await().atMost(Duration.ofSeconds(90)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + campaign + "' AND status IN ('delivered', 'bounced', 'rejected', 'failed')") == 6);
        assertEquals("delivered:", status(campaign, ok));
        assertEquals("delivered:", status(campaign, unicode));
        assertTrue(status(campaign, unroutable).startsWith("rejected:403 Not routable"), status(campaign, unroutable));
        assertEquals("bounced:Kannel DLR 2: stat:UNDELIV err:001", status(campaign, unreachable));
        assertEquals("rejected:Kannel DLR 16: NACK/0x0000000b/Invalid Destination Address", status(campaign, refused));
        assertEquals("delivered:", status(campaign, longText));

        for (String phone : List.of(ok, unicode, unreachable, longText)) {
            assertEquals(1, kannel.textsTo(phone), phone);
        }
        assertEquals(0, kannel.textsTo(unroutable));
        assertEquals(0, kannel.textsTo(refused));
        assertEquals(0, kannel.unauthorisedRequests());
        assertEquals("Hi Ana B, 20% off!", textTo(ok).text());
        assertEquals(0, textTo(ok).coding());
        // outside GSM 03.38: sent as UCS-2, so the phone shows it as written (as 7-bit it would show '?')
        assertEquals("Hi Zoë 😀 Łukasz, 20% off!", textTo(unicode).text());
        assertEquals(2, textTo(unicode).coding());
        // longer than one SMS: max-messages lets Kannel send it whole (its default, 1, would cut it)
        assertEquals("Hi " + longName + " K, 20% off!", textTo(longText).text());
        assertEquals(2, textTo(longText).parts());
        assertEquals(KannelTestResource.FROM, textTo(ok).from());
        assertTrue(kannel.reportAnswers().stream().allMatch(a -> a.startsWith("200")), kannel.reportAnswers().toString());
    }

    @Test
    void aMessageWhoseAnswerWasLostIsSettledByItsReportAndNotSentAgain() throws Exception {
        KannelStandIn kannel = KannelTestResource.kannel;
        String reportFirst = DispatchTest.phone("77");
        String reportAfter = DispatchTest.phone("78");
        kannel.loseAnswer(reportFirst, true);
        kannel.loseAnswer(reportAfter, false);
        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",",
                FanOutTest.recipient(UUID.randomUUID(), reportFirst, "A", "B"),
                FanOutTest.recipient(UUID.randomUUID(), reportAfter, "C", "D")));
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + campaign + "' AND status = 'delivered' AND NOT outcome_unknown AND external_id = id::text") == 2);
        assertEquals(1, kannel.textsTo(reportFirst));
        assertEquals(1, kannel.textsTo(reportAfter));
    }

    @Test
    void aStopFromTheGetUrlIsTakenAndConfirmedOnceFromTheNumberItWasSentTo() throws Exception {
        KannelStandIn kannel = KannelTestResource.kannel;
        String phone = DispatchTest.phone("79");
        String ours = "+15005550098";
        String getUrl = "http://127.0.0.1:" + RestAssured.port + "/webhooks/inbound/kannel?token=" + KannelTestResource.SECRET
                + "&id=%I&from=%p&to=%P&text=%a&at=%T";
        assertEquals(200, kannel.mo(getUrl, phone, ours, "STOP"));
        await().atMost(Duration.ofSeconds(30)).until(() -> kannel.textsTo(phone) == 1);
        KannelStandIn.Sent reply = textTo(phone);
        assertEquals(ours, reply.from(), "the confirmation comes from the number the STOP was sent to");
        assertTrue(reply.text().contains("unsubscribed"), reply.text());
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason = 'opted-out'"));
        // the webhook's answer is empty: Kannel texted nothing back itself (our confirmation is the only text)
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> kannel.textsTo(phone) == 1);
    }

    @Test
    void webhooksWithoutTheSecretOrWithABadReportAreRefusedNamingTheParameter() throws Exception {
        String inbound = "http://127.0.0.1:" + RestAssured.port + "/webhooks/inbound/kannel";
        given().queryParam("token", "not-the-secret-at-all").queryParam("id", "k1").queryParam("from", "4917012345678")
                .queryParam("text", "STOP").get(inbound).then().statusCode(401).contentType("application/problem+json");
        given().queryParam("token", KannelTestResource.SECRET).queryParam("id", "k2").queryParam("from", "4917012345678")
                .get(inbound).then().statusCode(400).body("errors[0].field", equalTo("text"));
        String reports = "http://127.0.0.1:" + RestAssured.port + "/webhooks/receipts/kannel";
        String id = UUID.randomUUID().toString();
        given().queryParam("messageId", id).queryParam("sig", "forged").queryParam("type", "1").get(reports).then().statusCode(401)
                .contentType("application/problem+json");
        // signed as the README says (HMAC-SHA256 of the message id, base64url), but a type Kannel never sends
        given().queryParam("messageId", id).queryParam("sig", hmac(id)).queryParam("type", "3").get(reports).then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
    }

    private static String hmac(String messageId) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KannelTestResource.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
