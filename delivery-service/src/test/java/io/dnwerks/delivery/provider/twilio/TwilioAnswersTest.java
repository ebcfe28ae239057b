package io.dnwerks.delivery.provider.twilio;

import io.dnwerks.delivery.provider.SendOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class TwilioAnswersTest {

    private static String error(int code, int status) {
        return "{\"code\":" + code + ",\"message\":\"m\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}";
    }

    @Test
    void sendAnswers() {
        assertEquals(new SendOutcome.Accepted("SM123"), TwilioAnswers.outcome(201, "{\"sid\":\"SM123\",\"status\":\"queued\"}", null));
        assertEquals(Duration.ofSeconds(3), ((SendOutcome.Unavailable) TwilioAnswers.outcome(429, error(20429, 429), "3")).retryAfter());
        // too fast: the sender slows down; the API away: it only pauses
        assertTrue(((SendOutcome.Unavailable) TwilioAnswers.outcome(429, error(20429, 429), "3")).throttled());
        assertFalse(((SendOutcome.Unavailable) TwilioAnswers.outcome(503, "", null)).throttled());
        assertInstanceOf(SendOutcome.OptedOut.class, TwilioAnswers.outcome(400, error(21610, 400), null));
        assertInstanceOf(SendOutcome.Permanent.class, TwilioAnswers.outcome(400, error(21211, 400), null));
        assertInstanceOf(SendOutcome.Permanent.class, TwilioAnswers.outcome(400, error(21614, 400), null));
        assertInstanceOf(SendOutcome.Unavailable.class, TwilioAnswers.outcome(401, error(20003, 401), null));
        assertInstanceOf(SendOutcome.Unavailable.class, TwilioAnswers.outcome(503, "", null));
        assertInstanceOf(SendOutcome.Unknown.class, TwilioAnswers.outcome(500, "oops", null), "a 500 may have created the message");
        assertInstanceOf(SendOutcome.Unknown.class, TwilioAnswers.outcome(201, "{}", null));
    }

    @Test
    void receiptStates() {
        assertEquals("delivered", TwilioAnswers.receiptState("delivered", null));
        assertNull(TwilioAnswers.receiptState("sent", null));
        assertNull(TwilioAnswers.receiptState("queued", null));
        assertEquals("failed", TwilioAnswers.receiptState("undelivered", "30003"));
        assertEquals("rejected", TwilioAnswers.receiptState("undelivered", "30004"));
        assertEquals("bounced", TwilioAnswers.receiptState("undelivered", "30005"));
        assertEquals("bounced", TwilioAnswers.receiptState("undelivered", "30006"));
        assertEquals("rejected", TwilioAnswers.receiptState("failed", "30007"));
        assertEquals("failed", TwilioAnswers.receiptState("undelivered", "30008"));
        assertEquals("failed", TwilioAnswers.receiptState("failed", null));
    }
}
