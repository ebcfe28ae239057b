package io.dnwerks.delivery.provider.twilio;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Twilio's own test vector (twilio-java RequestValidatorTest), recomputed in the notes. */
class TwilioSignatureTest {

    private static final TwilioSignature TWILIO = new TwilioSignature("12345");
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, List<String>> params() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        // not in sorted order on purpose: the signature sorts them
        p.put("To", List.of("+18005551212"));
        p.put("Digits", List.of("1234"));
        p.put("CallSid", List.of("CA1234567890ABCDE"));
        p.put("From", List.of("+14158675309"));
        p.put("Caller", List.of("+14158675309"));
        return p;
    }

    @Test
    void signsAsTwilioDoes() {
        assertEquals("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TWILIO.sign(URL, params()));
        assertEquals("kvajT1Ptam85bY51eRf/AJRuM3w=", TWILIO.sign("https://mycompany.com:443/myapp.php?foo=1&bar=2", params()));
    }

    @Test
    void acceptsTheUrlWithOrWithoutItsDefaultPort() {
        assertTrue(TWILIO.valid(URL, params(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assertTrue(TWILIO.valid(URL, params(), "kvajT1Ptam85bY51eRf/AJRuM3w="), "Twilio signed with :443, the proxy dropped it");
        assertTrue(TWILIO.valid("https://mycompany.com:443/myapp.php?foo=1&bar=2", params(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    @Test
    void refusesAChangedParameterUrlOrToken() {
        Map<String, List<String>> changed = params();
        changed.put("Digits", List.of("1235"));
        assertFalse(TWILIO.valid(URL, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assertFalse(TWILIO.valid("https://mycompany.com/myapp.php?foo=1&bar=3", params(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assertFalse(new TwilioSignature("12346").valid(URL, params(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assertFalse(TWILIO.valid(URL, params(), null));
        assertFalse(TWILIO.valid(URL, params(), ""));
    }
}
