package io.dnwerks.delivery.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SenderThrottleTest {

    static final long S = 1_000_000_000L;
    final SenderThrottle throttle = new SenderThrottle(Duration.ofSeconds(10));

    @Test
    void anUnthrottledSenderUsesItsWholeRate() {
        assertEquals(1.0, throttle.share(0));
        assertEquals(1.0, throttle.share(Long.MAX_VALUE));
    }

    @Test
    void aThrottleHalvesTheShareWhichGrowsBackToTheWholeOverTheRecovery() {
        long t = 42 * S;
        assertTrue(throttle.throttled(t, Duration.ZERO));
        assertEquals(0.5, throttle.share(t), 1e-9);
        assertEquals(0.75, throttle.share(t + 5 * S), 1e-9);
        assertEquals(1.0, throttle.share(t + 10 * S), 1e-9);
        assertEquals(1.0, throttle.share(t + 60 * S));
    }

    @Test
    void throttlesInARowHalveAgainOncePerHoldDownToTheFloor() {
        long t = 0;
        assertTrue(throttle.throttled(t, Duration.ZERO));
        // the other requests in flight tell of the same overload
        assertFalse(throttle.throttled(t + S / 2, Duration.ZERO));
        assertEquals(0.5 + 0.025, throttle.share(t + S / 2), 1e-9);
        assertTrue(throttle.throttled(t + S, Duration.ZERO));
        assertEquals((0.5 + 0.05) / 2, throttle.share(t + S), 1e-9);
        for (int i = 2; i < 20; i++) {
            throttle.throttled(t + i * S, Duration.ZERO);
        }
        // a second regains a twentieth and a throttle halves: a throttle a second holds it at the floor
        assertEquals(SenderThrottle.FLOOR, throttle.share(t + 19 * S), 1e-5);
        // and from the floor back up at the same pace: half the rate regained in the recovery
        assertEquals(SenderThrottle.FLOOR + 0.5, throttle.share(t + 29 * S), 1e-5);
    }

    @Test
    void theShareGrowsBackOnlyOnceThePauseIsOverAndThrottlesDuringItChangeNothing() {
        long t = 7 * S;
        assertTrue(throttle.throttled(t, Duration.ofSeconds(2)));
        assertEquals(0.5, throttle.share(t + S), 1e-9);
        assertFalse(throttle.throttled(t + S, Duration.ofSeconds(2)), "an answer from before the pause");
        assertFalse(throttle.throttled(t + 2 * S + S / 2, Duration.ZERO), "within the hold after the pause");
        assertEquals(0.5 + 0.025, throttle.share(t + 2 * S + S / 2), 1e-9);
        assertTrue(throttle.throttled(t + 3 * S, Duration.ZERO));
        assertEquals(0.55 / 2, throttle.share(t + 3 * S), 1e-9);
    }

    @Test
    void aRecoveryMustTakeTime() {
        assertThrows(IllegalArgumentException.class, () -> new SenderThrottle(Duration.ZERO));
    }
}
