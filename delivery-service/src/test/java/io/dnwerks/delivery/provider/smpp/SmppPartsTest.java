package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.delivery.domain.Gsm7;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmppPartsTest {

    private static String body(SmppParts.Part p, int udh) {
        return Gsm7.decode(Arrays.copyOfRange(p.shortMessage(), udh, p.shortMessage().length));
    }

    @Test
    void theGsmTableHasOneCharacterPerSeptetAndExtensionsTakeTwo() {
        for (int s = 0; s < 128; s++) {
            if (s != 0x1B) {
                assertArrayEquals(new byte[] {(byte) s}, Gsm7.encode(Gsm7.decode(new byte[] {(byte) s})), "septet " + s);
            }
        }
        assertArrayEquals(new byte[] {0x00, 0x1B, 0x65, 0x41, 0x7F}, Gsm7.encode("@€Aà"));
        assertEquals("Hello {world} [€] ~|^\\", Gsm7.decode(Gsm7.encode("Hello {world} [€] ~|^\\")));
        assertThrows(IllegalArgumentException.class, () -> Gsm7.encode("ç"));
    }

    @Test
    void aShortTextIsOnePduWithoutHeader() {
        List<SmppParts.Part> parts = SmppParts.of("x".repeat(160), SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.GSM, 7);
        assertEquals(1, parts.size());
        assertFalse(parts.get(0).udhi());
        assertEquals(160, parts.get(0).shortMessage().length);
        assertEquals(SmppParts.DCS_DEFAULT, parts.get(0).dataCoding());
    }

    @Test
    void anEightBitReferenceUdhCarries153SeptetsAPart() {
        List<SmppParts.Part> parts = SmppParts.of("y".repeat(161), SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.GSM, 0x1AB);
        assertEquals(2, parts.size());
        assertArrayEquals(new byte[] {0x05, 0x00, 0x03, (byte) 0xAB, 0x02, 0x01}, Arrays.copyOf(parts.get(0).shortMessage(), 6));
        assertArrayEquals(new byte[] {0x05, 0x00, 0x03, (byte) 0xAB, 0x02, 0x02}, Arrays.copyOf(parts.get(1).shortMessage(), 6));
        assertEquals(153, parts.get(0).shortMessage().length - 6);
        assertEquals(8, parts.get(1).shortMessage().length - 6);
        assertTrue(parts.get(0).udhi());
    }

    @Test
    void aSixteenBitReferenceUdhHasBothReferenceOctetsAnd152SeptetsAPart() {
        List<SmppParts.Part> parts = SmppParts.of("z".repeat(305), SmppParts.LongMessages.UDH16, SmppParts.DefaultAlphabet.GSM, 0xBEEF);
        assertEquals(3, parts.size());
        // IE 08, length 04: reference high, reference low, total, sequence (not jsmpp's example's one-octet reference)
        assertArrayEquals(new byte[] {0x06, 0x08, 0x04, (byte) 0xBE, (byte) 0xEF, 0x03, 0x01}, Arrays.copyOf(parts.get(0).shortMessage(), 7));
        assertArrayEquals(new byte[] {0x06, 0x08, 0x04, (byte) 0xBE, (byte) 0xEF, 0x03, 0x03}, Arrays.copyOf(parts.get(2).shortMessage(), 7));
        assertEquals(152, parts.get(0).shortMessage().length - 7);
        assertEquals(152, parts.get(1).shortMessage().length - 7);
        assertEquals(1, parts.get(2).shortMessage().length - 7);
    }

    @Test
    void anEscapePairIsNeverSplitAcrossParts() {
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        List<SmppParts.Part> parts = SmppParts.of(text, SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.GSM, 1);
        assertEquals("a".repeat(152), body(parts.get(0), 6));
        assertEquals("€" + "b".repeat(10), body(parts.get(1), 6));
    }

    @Test
    void ucs2PartsCarry67UnitsAndKeepASurrogatePairTogether() {
        String text = "ж".repeat(66) + "😀" + "ж".repeat(5);
        List<SmppParts.Part> parts = SmppParts.of(text, SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.GSM, 2);
        assertEquals(SmppParts.DCS_UCS2, parts.get(0).dataCoding());
        assertEquals(2, parts.size());
        assertEquals("ж".repeat(66), new String(parts.get(0).shortMessage(), 6, parts.get(0).shortMessage().length - 6, StandardCharsets.UTF_16BE));
        assertEquals("😀" + "ж".repeat(5), new String(parts.get(1).shortMessage(), 6, parts.get(1).shortMessage().length - 6, StandardCharsets.UTF_16BE));
        assertEquals(1, SmppParts.of("ж".repeat(70), SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.GSM, 2).size());
    }

    @Test
    void sarPartsHaveNoUdhButTheirNumbers() {
        List<SmppParts.Part> parts = SmppParts.of("q".repeat(200), SmppParts.LongMessages.SAR, SmppParts.DefaultAlphabet.GSM, 0x1234);
        assertEquals(2, parts.size());
        assertFalse(parts.get(0).udhi());
        assertTrue(parts.get(0).sar());
        assertEquals(153, parts.get(0).shortMessage().length);
        assertEquals(0x34, parts.get(1).reference(), "an 8-bit reference when the mode is not udh16");
        assertEquals(2, parts.get(1).seq());
    }

    @Test
    void latin1WritesOneOctetACharacterButCountsSeptets() {
        List<SmppParts.Part> parts = SmppParts.of("é€", SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.LATIN1, 1);
        assertArrayEquals(new byte[] {(byte) 0xE9, '?'}, parts.get(0).shortMessage(), "€ has no Latin-1 octet");
        assertEquals(2, SmppParts.of("€".repeat(81), SmppParts.LongMessages.UDH8, SmppParts.DefaultAlphabet.LATIN1, 1).size());
    }
}
