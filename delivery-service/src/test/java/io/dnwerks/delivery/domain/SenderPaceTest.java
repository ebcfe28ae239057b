package io.dnwerks.delivery.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SenderPaceTest {

    /** The most requests a one-second window can hold: the schedule's share of 1 s plus the jitter, and the request begun before it. */
    private static double worstWindow(SenderPace p) {
        return p.pace() * (1 + SenderPace.JITTER_SECONDS) + p.chunkSegments();
    }

    @Test
    void requestsAreSmallAndThePaceLeavesRoomForOneAndForJitter() {
        for (double rate : new double[] {10, 20, 50, 100, 500, 5000}) {
            SenderPace p = SenderPace.of(rate);
            assertTrue(worstWindow(p) <= rate + 1e-9, "rate " + rate + ": " + worstWindow(p));
        }
        assertEquals(1, SenderPace.of(20).chunkSegments());
        assertEquals(12, SenderPace.of(500).chunkSegments());
        assertTrue(SenderPace.of(20).pace() / 20 >= 0.895);
        assertTrue(SenderPace.of(100).pace() / 100 >= 0.92);
        assertTrue(SenderPace.of(500).pace() / 500 >= 0.92);
        assertTrue(SenderPace.of(3).pace() >= 1.5, "never below half the rate");
        assertTrue(SenderPace.of(0).unlimited());
    }
}
