package io.dnwerks.delivery;

import io.dnwerks.simulator.Ledger;
import io.dnwerks.simulator.Outage;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway that fails whole requests for a while (429 with Retry-After, then 503), as during a
 * provider's incident: sending pauses and waits it out, no message loses a retry or fails for it, no
 * message is asked for again before the Retry-After, and afterwards each is sent exactly once.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GatewayOutageTest {

    @AfterEach
    void endTheOutage() {
        SimulatorTestResource.simulator.outage().set(Outage.Settings.OFF);
    }

    @Test
    void anOutageIsWaitedOutWithoutSpendingRetriesOrAskingBeforeRetryAfter() throws Exception {
        Outage outage = SimulatorTestResource.simulator.outage();
        Ledger ledger = SimulatorTestResource.simulator.ledger();
        long earlyBefore = ledger.earlyRetries();
        long faultedBefore = outage.faulted();
        outage.set(new Outage.Settings(Outage.Mode.THROTTLED, 2, 0));

        UUID campaign = UUID.randomUUID();
        List<String> phones = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String p = DispatchTest.phone("1" + (i % 7));
            phones.add(p);
            recipients.add(FanOutTest.recipient(UUID.randomUUID(), p, "Ana", "A"));
        }
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",", recipients));

        // throttled, then down: several requests meet the outage, each pausing sending a little longer
        await().atMost(Duration.ofSeconds(30)).until(() -> outage.faulted() >= faultedBefore + 2);
        outage.set(new Outage.Settings(Outage.Mode.UNAVAILABLE, 0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> outage.faulted() >= faultedBefore + 4);
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '"
                + campaign + "' AND (status <> 'pending' OR retry_count > 0)"), "during the outage nothing is given up or charged");
        outage.set(Outage.Settings.OFF);

        Map<String, Integer> statuses = DispatchTest.awaitFinal(campaign, 30, Duration.ofSeconds(60));
        assertEquals(Map.of("delivered", 30), statuses);
        for (String p : phones) {
            assertEquals(1, ledger.acceptedByPhone().get(p).get(), "accepted exactly once: " + p);
        }
        assertEquals(0, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '"
                + campaign + "' AND retry_count > 0"), "the gateway's outage cost no message a retry");
        assertEquals(earlyBefore, ledger.earlyRetries(), "nothing was asked for again before the gateway's Retry-After");
    }
}
