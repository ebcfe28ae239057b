package io.dnwerks.e2e;

import io.dnwerks.localstack.Chaos;
import io.dnwerks.localstack.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every scenario of {@code ./dnwerks chaos} with shorter outages ({@link Chaos.Timings#SHORT}), each
 * a campaign to 2,000 customers on a stack of its own: PostgreSQL stopped during fan-out, during
 * dispatch and right after a cancel, Kafka stopped mid-campaign, the four services SIGKILLed twice, a slow gateway without idempotency keys, delivery-service SIGKILLed mid-dispatch at-most-once against a
 * gateway that ignores idempotency keys, a gateway answering 429/5xx/time-outs, fifty STOPs
 * mid-campaign with delivery-service killed right after, every consumer group replayed from offset 0, and two
 * delivery-service replicas sharing one sender's rate for two minutes (no second over it at the gateway,
 * 90% of it reached). Each must end with every eligible customer texted exactly
 * once (or, after the cancel, at most once), no one else texted and no record in any DLQ.
 */
class FaultHarnessEndToEndTest {

    static final int CUSTOMERS = 2_000;
    private static Stack stack;
    private static Chaos chaos;

    @BeforeAll
    static void startTheStack() throws Exception {
        stack = new Stack(Stack.locateRoot(), Chaos.SIMULATOR_OPTIONS, Chaos.serviceEnv());
        chaos = new Chaos(stack, CUSTOMERS, Chaos.Timings.SHORT);
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioKeepsThePromises() {
        return chaos.scenarios().stream().map(scenario -> DynamicTest.dynamicTest(scenario, () -> {
            Chaos.Outcome o = chaos.run(scenario);
            String table = Chaos.table(List.of(o));
            assertEquals(0, o.textedTwice(), table);
            assertEquals(0, o.deadLetters(), table);
            if (scenario.equals("stop-replies-and-a-kill")) {
                // those whose STOP came before their text are never texted; the judge checks each STOP
                assertTrue(o.textedOnce() >= CUSTOMERS - 50 && o.textedOnce() <= CUSTOMERS, table);
                assertEquals(0, o.neverTexted(), table);
            } else if (scenario.equals("kill-delivery-at-most-once")) {
                // a message whose kill came between its mark and its request is never texted (and says so)
                assertTrue(o.textedOnce() > CUSTOMERS / 2, table);
                assertEquals(0, o.neverTexted(), table);
            } else if (!scenario.equals("postgres-after-cancel")) {
                assertEquals(o.eligible(), o.textedOnce(), table);
                assertEquals(0, o.neverTexted(), table);
            }
            assertTrue(o.passed(), table);
        }));
    }
}
