package io.dnwerks.delivery.provider.kannel;

import io.dnwerks.delivery.provider.SendOutcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KannelAnswersTest {

    @Test
    void acceptedAndQueuedAreTakenUnderOurId() {
        assertEquals(new SendOutcome.Accepted("m1"), KannelAnswers.outcome(202, "0: Accepted for delivery", "m1"));
        assertEquals(new SendOutcome.Accepted("m2"), KannelAnswers.outcome(202, "3: Queued for later delivery", "m2"));
        assertEquals(new SendOutcome.Accepted("m3"), KannelAnswers.outcome(202, "Sent. Message splits: 2", "m3"));
        assertInstanceOf(SendOutcome.Unknown.class, KannelAnswers.outcome(202, "<html>proxy</html>", "m4"));
    }

    @Test
    void refusalsAreFinalRetriedOrTheGatewaysTrouble() {
        assertInstanceOf(SendOutcome.Permanent.class, KannelAnswers.outcome(403, "Not routable. Do not try again.", "m"));
        assertInstanceOf(SendOutcome.Unavailable.class, KannelAnswers.outcome(403, "Authorization failed for sendsms", "m"));
        assertInstanceOf(SendOutcome.Transient.class, KannelAnswers.outcome(503, "Temporal failure, try again later.", "m"));
        assertInstanceOf(SendOutcome.Transient.class, KannelAnswers.outcome(500, "Sending failed.", "m"));
        SendOutcome bad = KannelAnswers.outcome(400, "Sender missing and no global set, rejected", "m");
        assertEquals(new SendOutcome.Permanent("400 Sender missing and no global set, rejected"), bad);
        assertInstanceOf(SendOutcome.Unavailable.class, KannelAnswers.outcome(502, "Bad Gateway", "m"));
    }

    @Test
    void everyReportTypeIsMapped() {
        assertEquals("delivered", KannelAnswers.receiptState(1, "id:1 stat:DELIVRD err:000"));
        assertEquals("bounced", KannelAnswers.receiptState(2, "id:1 sub:001 dlvrd:000 stat:UNDELIV err:001 text:x"));
        assertEquals("rejected", KannelAnswers.receiptState(2, "id:1 stat:REJECTD err:002"));
        assertEquals("failed", KannelAnswers.receiptState(2, "id:1 stat:EXPIRED err:000"));
        assertEquals("failed", KannelAnswers.receiptState(2, null));
        assertEquals("rejected", KannelAnswers.receiptState(16, "NACK/0x0000000b/Invalid Destination Address"));
        assertNull(KannelAnswers.receiptState(4, ""));
        assertNull(KannelAnswers.receiptState(8, "ACK/"));
        assertNull(KannelAnswers.receiptState(32, ""));
        assertThrows(IllegalArgumentException.class, () -> KannelAnswers.receiptState(3, ""));
    }

    @Test
    void theReceiptsFieldsAreReadByNameNotByPosition() {
        // "text:" may hold anything, "stat:" included: only a field at a word's start counts
        assertEquals("UNDELIV", KannelAnswers.receiptField("id:9 xstat:DELIVRD stat:UNDELIV err:001", "stat"));
        assertNull(KannelAnswers.receiptField("id:9 err:001", "stat"));
        assertEquals("Kannel DLR 2: stat:UNDELIV err:001", KannelAnswers.error(2, "id:9 stat:UNDELIV err:001 text:hi"));
        assertNull(KannelAnswers.error(1, "id:9 stat:DELIVRD"));
    }

    @Test
    void numbersAsAnSmscGivesThemBecomeE164() {
        assertEquals("+4917012345678", io.dnwerks.delivery.provider.SmscNumbers.e164("4917012345678"));
        assertEquals("+4917012345678", io.dnwerks.delivery.provider.SmscNumbers.e164("004917012345678"));
        assertEquals("+4917012345678", io.dnwerks.delivery.provider.SmscNumbers.e164("+4917012345678"));
        assertEquals("01701234567", io.dnwerks.delivery.provider.SmscNumbers.e164("01701234567"), "a national number is not guessed at");
        assertEquals("12345", io.dnwerks.delivery.provider.SmscNumbers.e164("12345"), "a short code stays a short code");
    }
}
