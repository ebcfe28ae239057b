package io.dnwerks.customer.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PhoneHashTest {

    @Test
    void itIsHmacSha256InHex() {
        // RFC 4231, test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                new PhoneHash("Jefe").of("what do ya want for nothing?"));
    }

    @Test
    void anotherKeyGivesAnotherHashOfTheSameNumber() {
        String number = "+4915112345678";
        assertEquals(new PhoneHash("k".repeat(32)).of(number), new PhoneHash("k".repeat(32)).of(number));
        assertNotEquals(new PhoneHash("k".repeat(32)).of(number), new PhoneHash("j".repeat(32)).of(number));
    }
}
