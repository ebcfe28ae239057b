package io.dnwerks.campaign.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageVariablesTest {

    @Test
    void findsEachPlaceholderWithTheSpacesAroundItsNameDropped() {
        assertEquals(List.of("firstName", "lastName"),
                List.copyOf(MessageVariables.usedIn("Hi {{firstName}} {{ lastName }}, and {{firstName}} again")));
        assertEquals(Set.of(), MessageVariables.usedIn("no placeholders }} at all {"));
        assertEquals(Set.of("shoeSize"), MessageVariables.unknownIn("{{firstName}} wears {{shoeSize}}"));
        assertEquals(List.of("{{firstName"), List.copyOf(MessageVariables.usedIn("{{ {{firstName}}")), "an opening inside a placeholder is part of its name");
    }

    @Test
    void aPlaceholderLeftOpenIsFoundWhereItStarts() {
        assertEquals(-1, MessageVariables.unclosedAt("Hi {{firstName}}!"));
        assertEquals(17, MessageVariables.unclosedAt("Hi {{firstName}} {{oops"));
        assertEquals(0, MessageVariables.unclosedAt("{{" + " ".repeat(1590)));
        assertEquals("has a {{ at character 1 that is never closed with }}", MessageVariables.problemIn("{{" + " ".repeat(1590)));
        assertNull(MessageVariables.problemIn("Hi {{ firstName }}, 20% off"));
        assertTrue(MessageVariables.problemIn("Hi {{nickname}}").startsWith("unknown variable [{{nickname}}]"));
    }

    @Test
    void textsThatMadeTheOldPatternBacktrackAreReadCorrectly() {
        // the inputs that took the regular expression seconds: answers must still be right
        String manyOpenings = "{{ ".repeat(533);
        assertEquals(0, MessageVariables.unclosedAt(manyOpenings));
        String spacesThenClose = "{{" + " ".repeat(1590) + "}}";
        assertEquals(Set.of(""), MessageVariables.usedIn(spacesThenClose));
        assertEquals(-1, MessageVariables.unclosedAt(spacesThenClose));
    }
}
