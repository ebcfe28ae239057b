package io.dnwerks.delivery.domain;

import io.dnwerks.delivery.domain.KeywordMatcher.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeywordMatcherTest {

    // the shipped defaults (application.properties), as a test would configure them
    private static final KeywordMatcher DEFAULTS = new KeywordMatcher(Map.of(
            Kind.OPT_OUT, Map.of(
                    "en", List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"),
                    "es", List.of("ALTO", "PARAR", "BAJA"),
                    "fr", List.of("ARRET", "ARRETER", "STOP"),
                    "de", List.of("STOPP", "ABMELDEN"),
                    "pt", List.of("PARAR", "SAIR")),
            Kind.OPT_IN, Map.of("en", List.of("START", "YES", "UNSTOP")),
            Kind.HELP, Map.of("en", List.of("HELP", "INFO"), "es", List.of("AYUDA"))));

    private static Kind kind(String text) {
        return DEFAULTS.match(text).map(KeywordMatcher.Match::kind).orElse(null);
    }

    @Test
    void everyFccAndCarrierOptOutWordOptsOut() {
        for (String word : List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT")) {
            assertEquals(Kind.OPT_OUT, kind(word), word);
        }
    }

    @Test
    void caseBlanksAndPunctuationAroundTheWordDoNotMatter() {
        for (String text : List.of("stop", "Stop", " STOP ", "stop.", "STOP!!", "\"stop\"", "Stop 🙏", "\tquit\n", "opt  out", "Opt-Out!")) {
            assertEquals(Kind.OPT_OUT, kind(text), text);
        }
    }

    @Test
    void otherLanguagesAndTheirAccentsOptOut() {
        assertEquals(Kind.OPT_OUT, kind("alto"));
        assertEquals(Kind.OPT_OUT, kind("Baja"));
        assertEquals(Kind.OPT_OUT, kind("ARRÊT"), "the accent is dropped");
        assertEquals(Kind.OPT_OUT, kind("arrêter"));
        assertEquals(Kind.OPT_OUT, kind("Stopp"));
        assertEquals(Kind.OPT_OUT, kind("abmelden"));
        assertEquals(Kind.OPT_OUT, kind("sair"));
    }

    @Test
    void aKeywordOfOneLanguageSaysWhichAndOneOfSeveralDoesNot() {
        assertEquals("es", DEFAULTS.match("alto").orElseThrow().language());
        assertEquals("de", DEFAULTS.match("STOPP").orElseThrow().language());
        assertNull(DEFAULTS.match("stop").orElseThrow().language(), "STOP is English and French");
        assertNull(DEFAULTS.match("parar").orElseThrow().language(), "PARAR is Spanish and Portuguese");
        assertEquals("STOP", DEFAULTS.match(" stop. ").orElseThrow().keyword());
    }

    @Test
    void aSentenceWithTheWordInItIsNotTheKeyword() {
        for (String text : List.of("stop please", "please stop", "STOP IT", "don't stop", "stopping", "unstoppable", "yes please",
                "help me", "", "   ", "...")) {
            assertNull(kind(text), text);
        }
        assertNull(kind(null));
    }

    @Test
    void optInAndHelpAreTheirOwnKinds() {
        assertEquals(Kind.OPT_IN, kind("start"));
        assertEquals(Kind.OPT_IN, kind("Yes!"));
        assertEquals(Kind.OPT_IN, kind("UNSTOP"));
        assertEquals(Kind.HELP, kind("help?"));
        assertEquals(Kind.HELP, kind("info"));
        assertEquals(Kind.HELP, kind("ayuda"));
        assertEquals("es", DEFAULTS.match("ayuda").orElseThrow().language());
    }

    @Test
    void aWordConfiguredAsTwoKindsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeywordMatcher(Map.of(
                Kind.OPT_OUT, Map.of("en", List.of("STOP")), Kind.OPT_IN, Map.of("en", List.of("stop")))));
        assertTrue(e.getMessage().contains("opt-out") && e.getMessage().contains("opt-in"), e.getMessage());
    }
}
