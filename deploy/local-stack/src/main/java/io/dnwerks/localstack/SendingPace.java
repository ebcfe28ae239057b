package io.dnwerks.localstack;

import java.util.List;

/**
 * A sender's pace as the gateway saw it, from the times it accepted each text: the most it took in
 * any one second (a window starting at any acceptance, not only on whole seconds) and the rate over
 * the whole run.
 *
 * @param texts         how many texts
 * @param busiestSecond the most texts accepted within any 1,000 ms
 * @param busiestFromMs where the first such window starts, in ms after the first acceptance
 * @param perSecond     texts per second from the first acceptance to the last
 */
public record SendingPace(int texts, int busiestSecond, long busiestFromMs, double perSecond) {

    /** @param acceptedAtMs when the gateway took each text (epoch ms), in any order */
    public static SendingPace of(List<Long> acceptedAtMs) {
        List<Long> at = acceptedAtMs.stream().sorted().toList();
        int busiest = 0;
        long busiestFrom = 0;
        int end = 0;
        for (int start = 0; start < at.size(); start++) {
            while (end < at.size() && at.get(end) < at.get(start) + 1000) {
                end++;
            }
            if (end - start > busiest) {
                busiest = end - start;
                busiestFrom = at.get(start) - at.get(0);
            }
        }
        double span = at.size() < 2 ? 0 : (at.get(at.size() - 1) - at.get(0)) / 1000.0;
        // n texts over a span hold n - 1 gaps: the rate they were sent at
        double perSecond = span == 0 ? 0 : (at.size() - 1) / span;
        return new SendingPace(at.size(), busiest, busiestFrom, perSecond);
    }
}
