package io.dnwerks.delivery;

import io.dnwerks.delivery.service.Dispatcher;
import io.dnwerks.simulator.Ledger;
import io.dnwerks.testing.DnwerksTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway slower than the lease and without idempotency keys still texts every phone exactly once. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = SlowGatewayTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SlowGatewayTest {

    @Inject
    Dispatcher dispatcher;

    @Test
    void roundsLongerThanTheLeaseNeverHandTheSameMessageOverTwice() throws Exception {
        UUID campaign = UUID.randomUUID();
        List<String> phones = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String phone = DispatchTest.phone(String.format("%02d", i));
            phones.add(phone);
            recipients.add(FanOutTest.recipient(UUID.randomUUID(), phone, "P" + i, "Q"));
        }
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1, String.join(",", recipients));

        assertEquals(Map.of("delivered", 30), DispatchTest.awaitFinal(campaign, 30, Duration.ofSeconds(120)));
        Ledger ledger = SlowGatewayTestResource.simulator.ledger();
        for (String phone : phones) {
            assertEquals(1, ledger.acceptedByPhone().get(phone).get(), "texted exactly once: " + phone);
        }
        ledger.messages().values().stream().filter(e -> phones.contains(e.to))
                .forEach(e -> assertEquals(1, e.attempts.get(), "handed over once: " + e.to));
        assertTrue(dispatcher.released() > 0, "rounds gave back what they could not send within their lease");
    }
}
