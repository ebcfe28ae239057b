package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.delivery.provider.SendOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class SmppAnswersTest {

    @Test
    void throttlingSlowsTheSenderSystemErrorsRetryAndTheRestAreFinal() {
        assertEquals(SendOutcome.Unavailable.throttled("SMPP 0x00000058 ESME_RTHROTTLED", Duration.ofSeconds(1)),
                SmppAnswers.refused(0x58, Duration.ofSeconds(1)));
        assertEquals(SendOutcome.Unavailable.throttled("SMPP 0x00000014 ESME_RMSGQFUL", Duration.ofSeconds(1)),
                SmppAnswers.refused(0x14, Duration.ofSeconds(1)));
        assertInstanceOf(SendOutcome.Transient.class, SmppAnswers.refused(0x08, Duration.ofSeconds(1)));
        assertInstanceOf(SendOutcome.Transient.class, SmppAnswers.refused(0x64, Duration.ofSeconds(1)));
        assertEquals(new SendOutcome.Permanent("SMPP 0x0000000b ESME_RINVDSTADR"), SmppAnswers.refused(0x0B, Duration.ZERO));
        assertEquals(new SendOutcome.Permanent("SMPP 0x00000045 ESME_RSUBMITFAIL"), SmppAnswers.refused(0x45, Duration.ZERO));
        assertEquals("SMPP 0x00000401", SmppAnswers.describe(0x401));
    }

    @Test
    void receiptStatesAreMappedAndThoseOnTheWayChangeNothing() {
        assertEquals("delivered", SmppAnswers.receiptState("DELIVRD"));
        assertEquals("bounced", SmppAnswers.receiptState("UNDELIV"));
        assertEquals("rejected", SmppAnswers.receiptState("REJECTD"));
        assertEquals("failed", SmppAnswers.receiptState("EXPIRED"));
        assertEquals("failed", SmppAnswers.receiptState("DELETED"));
        assertEquals("failed", SmppAnswers.receiptState("UNKNOWN"));
        assertNull(SmppAnswers.receiptState("ENROUTE"));
        assertNull(SmppAnswers.receiptState("ACCEPTD"));
        assertEquals("DELIVRD", SmppAnswers.messageState(2));
        assertEquals("UNDELIV", SmppAnswers.messageState(5));
    }

    @Test
    void idsMeetWhicheverFormTheSmscWritesThemIn() {
        Optional<Integer> respHex = Optional.of(1);
        // jsmpp's simulator: submit_sm_resp "1a2b3c", receipt "id:1715004"
        assertEquals(SmppAnswers.canonicalId("1a2b3c", respHex, false), SmppAnswers.canonicalId("1715004", respHex, true));
        assertEquals(SmppAnswers.canonicalId("00B8BE19", Optional.of(3), false), SmppAnswers.canonicalId("b8be19", Optional.of(3), true));
        assertEquals(SmppAnswers.canonicalId("0000012345", Optional.of(0), false), SmppAnswers.canonicalId("12345", Optional.of(0), true));
        assertEquals("abc-def", SmppAnswers.canonicalId(" ABC-def ", Optional.empty(), true), "no type: compared as strings");
        assertEquals("x9", SmppAnswers.canonicalId("X9", Optional.of(0), false), "not a number: kept as a string");
    }
}
