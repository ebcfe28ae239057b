package io.dnwerks.common.id;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {

    @Test
    void idsMadeTogetherAreVersion7UniqueAndInTheOrderMade() {
        long before = System.currentTimeMillis();
        UUID[] ids = Ids.timeOrdered(10_000); // past 4,096, where the counter carries into the millisecond
        long after = System.currentTimeMillis();

        assertEquals(10_000, new HashSet<>(Arrays.asList(ids)).size());
        UUID[] sorted = ids.clone();
        Arrays.sort(sorted, (a, b) -> Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits()) != 0
                ? Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits())
                : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits()));
        assertArrayEquals(sorted, ids, "the byte order, which PostgreSQL sorts uuids by, is the order made");
        for (UUID id : ids) {
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            long millis = id.getMostSignificantBits() >>> 16;
            assertTrue(millis >= before && millis <= after + 3, "timestamp " + millis + " within the call");
        }
    }

    @Test
    void singleIdsAreVersion7AndCarryTheTime() {
        long before = System.currentTimeMillis();
        UUID id = Ids.timeOrdered();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertTrue(id.getMostSignificantBits() >>> 16 >= before);
    }
}
