package io.dnwerks.delivery.service;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OneAtATimeTest {

    @Test
    void stepsRunOneAfterAnotherInTheOrderAsked() {
        OneAtATime queue = new OneAtATime();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Uni<Integer>> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            steps.add(queue.run(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                return Uni.createFrom().item(n).onItem().delayIt().by(Duration.ofMillis(2)).invoke(x -> {
                    order.add(x);
                    running.decrementAndGet();
                });
            }));
        }
        List<Integer> results = Uni.join().all(steps).andCollectFailures().await().atMost(Duration.ofSeconds(10));
        assertEquals(1, most.get(), "two steps ran at once");
        for (int i = 0; i < 20; i++) {
            assertEquals(i, order.get(i));
            assertEquals(i, results.get(i));
        }
    }

    @Test
    void aFailedStepFailsItsCallerOnlyAndTheNextRuns() {
        OneAtATime queue = new OneAtATime();
        Uni<Integer> failing = queue.run(() -> Uni.createFrom().failure(new IllegalStateException("boom")));
        Uni<Integer> next = queue.run(() -> Uni.createFrom().item(7));
        assertEquals("boom", failing.onFailure().recoverWithItem(f -> -1).map(x -> x == -1 ? "boom" : "?").await().indefinitely());
        assertEquals(7, next.await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void manyWaitingStepsThatEndAtOnceDoNotNest() {
        OneAtATime queue = new OneAtATime();
        List<Uni<Integer>> steps = new ArrayList<>();
        // the first step takes a while, so that all the others wait and then end one inside another's end
        steps.add(queue.run(() -> Uni.createFrom().item(0).onItem().delayIt().by(Duration.ofMillis(100))));
        for (int i = 1; i < 50_000; i++) {
            int n = i;
            steps.add(queue.run(() -> Uni.createFrom().item(n)));
        }
        List<Integer> results = Uni.join().all(steps).andCollectFailures().await().atMost(Duration.ofSeconds(30));
        assertEquals(49_999, results.get(49_999));
    }
}
