package io.dnwerks.delivery.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayBreakerTest {

    private static final long S = 1_000_000_000L;

    @Test
    void closedUntilARequestFails() {
        GatewayBreaker b = new GatewayBreaker(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertEquals(Duration.ZERO, b.waitLeft(0));
        assertEquals(0, b.answered());
    }

    @Test
    void eachFailureInARowDoublesThePauseUpToTheMax() {
        GatewayBreaker b = new GatewayBreaker(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertTrue(b.failed(Duration.ZERO, 0), "the first failure opens it");
        assertEquals(Duration.ofSeconds(1), b.waitLeft(0));
        assertEquals(Duration.ofMillis(500), b.waitLeft(S / 2));
        assertEquals(Duration.ZERO, b.waitLeft(S));
        assertFalse(b.failed(Duration.ZERO, S), "still open: not logged again");
        assertEquals(Duration.ofSeconds(2), b.waitLeft(S));
        b.failed(Duration.ZERO, 3 * S);
        assertEquals(Duration.ofSeconds(4), b.waitLeft(3 * S));
        b.failed(Duration.ZERO, 7 * S);
        assertEquals(Duration.ofSeconds(5), b.waitLeft(7 * S), "capped");
        assertEquals(4, b.failuresInARow());
    }

    @Test
    void theGatewaysRetryAfterWinsOverAShorterBackoff() {
        GatewayBreaker b = new GatewayBreaker(Duration.ofSeconds(1), Duration.ofSeconds(5));
        b.failed(Duration.ofSeconds(20), 0);
        assertEquals(Duration.ofSeconds(20), b.waitLeft(0), "longer than the max: the gateway asked");
    }

    @Test
    void anAnswerEndsTheRunOfFailuresButNotAWaitTheGatewayAskedFor() {
        GatewayBreaker b = new GatewayBreaker(Duration.ofSeconds(1), Duration.ofSeconds(30));
        b.failed(Duration.ofSeconds(10), 0);
        b.failed(Duration.ZERO, 0);
        // a request that was already under way comes back with answers
        assertEquals(2, b.answered());
        assertEquals(Duration.ofSeconds(10), b.waitLeft(0));
        assertTrue(b.failed(Duration.ZERO, 20 * S), "closed again: the next failure opens it afresh");
        assertEquals(Duration.ofSeconds(1), b.waitLeft(20 * S), "and starts from the base again");
    }

    @Test
    void refusesABackoffThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayBreaker(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new GatewayBreaker(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
