package io.dnwerks.delivery.service;

import io.dnwerks.delivery.repository.MessageStatsRepository;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's messages as delivery sees them now: how many in each status, how many pending ones
 * wait for their recipient's window (quiet-hours) or the frequency cap, and why the rejected ones
 * were (opted-out, do-not-contact, deleted, quiet-hours, frequency-cap, or the gateway's refusal).
 */
public record MessageStats(long total, Map<String, Long> byStatus, Map<String, Long> waiting, Map<String, Long> rejected) {

    static MessageStats of(List<MessageStatsRepository.Row> rows) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> waiting = new TreeMap<>();
        Map<String, Long> rejected = new TreeMap<>();
        long total = 0;
        for (MessageStatsRepository.Row r : rows) {
            total += r.count();
            byStatus.merge(r.status(), r.count(), Long::sum);
            if (r.waitingFor() != null) {
                waiting.merge(r.waitingFor(), r.count(), Long::sum);
            }
            if (r.rejectedFor() != null) {
                rejected.merge(r.rejectedFor(), r.count(), Long::sum);
            }
        }
        return new MessageStats(total, byStatus, waiting, rejected);
    }
}
