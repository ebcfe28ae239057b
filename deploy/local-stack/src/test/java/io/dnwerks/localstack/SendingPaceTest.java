package io.dnwerks.localstack;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SendingPaceTest {

    @Test
    void anEvenPaceFillsEachSecondWithTheRate() {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            at.add(1_000_000L + i * 20L); // 50 a second
        }
        Collections.shuffle(at);
        SendingPace pace = SendingPace.of(at);
        assertEquals(500, pace.texts());
        assertEquals(50, pace.busiestSecond());
        assertEquals(50.0, pace.perSecond(), 0.001);
    }

    @Test
    void aBurstAcrossASecondBoundaryIsFoundWhereverItStarts() {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            at.add(i * 1000L); // one a second
        }
        for (int i = 0; i < 30; i++) {
            at.add(4_700L + i * 20L); // 4.70 s to 5.28 s: 16 and 16 in whole seconds 4 and 5
        }
        SendingPace pace = SendingPace.of(at);
        assertEquals(31, pace.busiestSecond()); // 4.70 s to 5.70 s: the burst and the text at 5 s
        assertEquals(4_700, pace.busiestFromMs());
    }

    @Test
    void oneTextHasNoRate() {
        SendingPace pace = SendingPace.of(List.of(5L));
        assertEquals(1, pace.busiestSecond());
        assertEquals(0.0, pace.perSecond());
    }
}
