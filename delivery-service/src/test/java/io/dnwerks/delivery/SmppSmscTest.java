package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.SmscStandIn;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMPP adapter against an SMSC stand-in: MO STOP on the bind, throttling, 16-bit UDH on the wire, TLV receipts. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SmscStandInTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SmppSmscTest {

    @Test
    void aStopOnTheBindIsTakenAndConfirmedFromTheNumberItWasSentTo() throws Exception {
        SmscStandIn smsc = SmscStandInTestResource.smsc;
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.binds() >= 1);
        String phone = DispatchTest.phone("51");
        String ours = "+15005550097";
        assertEquals(0, smsc.mo(phone, ours, "STOP"), "deliver_sm_resp ESME_ROK once it is stored");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.submitsTo(phone).size() == 1);
        SmscStandIn.Submit reply = smsc.submitsTo(phone).get(0);
        assertEquals(ours.substring(1), reply.source(), "the confirmation comes from the number the STOP was sent to");
        assertTrue(reply.text().contains("unsubscribed"), reply.text());
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE phone = '" + phone
                + "' AND suppressed_reason = 'opted-out'"));
        // the SMSC delivers it again (our resp lost): the same STOP, taken once
        assertEquals(0, smsc.mo(phone, ours, "STOP"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> smsc.submitsTo(phone).size() == 1);
    }

    @Test
    void throttlingCostsNoRetryAndLongTextsGoWithASixteenBitUdhSettledByTlvReceipts() throws Exception {
        SmscStandIn smsc = SmscStandInTestResource.smsc;
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.binds() >= 1);
        String shortOne = DispatchTest.phone("52");
        String longOne = DispatchTest.phone("53");
        smsc.throttleNext(3);
        UUID campaign = UUID.randomUUID();
        String name = "Maximilian".repeat(17);
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",",
                FanOutTest.recipient(UUID.randomUUID(), shortOne, "Ana", "B"), FanOutTest.recipient(UUID.randomUUID(), longOne, name, "K")));
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + campaign + "' AND status = 'delivered'") == 2);
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '"
                + campaign + "' AND retry_count > 0"), "ESME_RTHROTTLED slows the sender down and costs no retry");
        assertEquals(1, smsc.submitsTo(shortOne).size());
        List<SmscStandIn.Submit> parts = smsc.submitsTo(longOne);
        assertEquals(2, parts.size(), "one text, two parts, each submitted once");
        byte[] udh = parts.get(0).udh();
        assertEquals(7, udh.length);
        assertArrayEquals(new byte[] {0x06, 0x08, 0x04}, java.util.Arrays.copyOf(udh, 3));
        assertArrayEquals(java.util.Arrays.copyOfRange(udh, 3, 5), java.util.Arrays.copyOfRange(parts.get(1).udh(), 3, 5), "one reference");
        assertEquals(2, udh[5]);
        assertEquals(1, udh[6]);
        assertEquals(2, parts.get(1).udh()[6]);
        assertEquals("Hi " + name + " K, 20% off!", parts.get(0).text() + parts.get(1).text());
    }
}
