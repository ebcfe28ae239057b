package io.dnwerks.delivery.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClaimSizeTest {

    @Test
    void aRoundShortOfTimeClaimsThreeQuartersOfWhatItHandedOverAndAFullOneAQuarterMoreUpToTheStart() {
        ClaimSize size = new ClaimSize(125);
        assertEquals(125, size.next());
        size.after(125, 45); // its share of the rate sent 80 before its lease ran short
        assertEquals(60, size.next());
        size.after(60, 0);
        assertEquals(75, size.next());
        size.after(75, 0);
        size.after(93, 0);
        assertEquals(116, size.next());
        size.after(116, 0);
        assertEquals(125, size.next());
        size.after(125, 0);
        assertEquals(125, size.next());
    }

    @Test
    void aRoundThatFoundFewerMessagesThanItAskedForChangesNothing() {
        ClaimSize size = new ClaimSize(100);
        size.after(100, 88);
        assertEquals(9, size.next());
        size.after(3, 0); // the campaign's last three: no sign of the share
        assertEquals(9, size.next());
        size.after(9, 9);
        assertEquals(1, size.next(), "never below one");
    }

    @Test
    void aClaimIsAtLeastOneMessage() {
        assertThrows(IllegalArgumentException.class, () -> new ClaimSize(0));
    }
}
