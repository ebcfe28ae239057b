package io.dnwerks.delivery;

import io.dnwerks.delivery.standin.TwilioStandIn;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sender's rate on the shared schedule, judged from the gateway's side: two dispatch workers send one
 * campaign through the Twilio stand-in; no one-second window of its acceptance times holds more than
 * the rate, and the sender runs at no less than 90% of it. (One process: two delivery-service processes
 * on one schedule are the end-to-end suite's to show.)
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PacedTwilioTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SenderRateTest {

    static final int MESSAGES = 240;

    @Test
    void noSecondAtTheGatewayHoldsMoreThanTheSendersRate() throws Exception {
        TwilioStandIn twilio = TwilioTestResource.twilio;
        // a first campaign warms the service up (class loading, JIT, the connection pool): the second is measured
        UUID warmUp = UUID.randomUUID();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            first.add(FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone(String.format("9%02d", i)), "W", "U"));
        }
        FanOutTest.batch(warmUp, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",", first));
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + warmUp + "' AND status = 'delivered'") == 40);
        UUID campaign = UUID.randomUUID();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            recipients.add(FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone(String.format("%03d", i)), "A", "B"));
        }
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",", recipients));
        await().atMost(Duration.ofSeconds(90)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages "
                + "WHERE campaign_id = '" + campaign + "' AND status = 'delivered'") == MESSAGES);

        List<Long> at = twilio.sent().stream().filter(s -> s.body().startsWith("Hi A B")).map(TwilioStandIn.Sent::acceptedAtMs).sorted().toList();
        assertEquals(MESSAGES, at.size());
        int busiest = 0;
        int busiestFrom = 0;
        for (int i = 0; i < at.size(); i++) {
            int j = i;
            while (j < at.size() && at.get(j) < at.get(i) + 1000) {
                j++;
            }
            if (j - i > busiest) {
                busiest = j - i;
                busiestFrom = i;
            }
        }
        List<Long> window = at.subList(busiestFrom, busiestFrom + busiest).stream().map(t -> t - at.get(0)).toList();
        assertTrue(busiest <= PacedTwilioTestResource.RATE, "a one-second window held " + busiest + " texts, at " + window);
        double perSecond = (at.size() - 1) * 1000.0 / (at.get(at.size() - 1) - at.get(0));
        System.out.printf("SenderRateTest: %d texts, the busiest one-second window held %d, %.2f a second (rate %d)%n",
                at.size(), busiest, perSecond, PacedTwilioTestResource.RATE);
        assertTrue(perSecond >= 0.9 * PacedTwilioTestResource.RATE, "the sender ran at " + perSecond + " a second");
    }
}
