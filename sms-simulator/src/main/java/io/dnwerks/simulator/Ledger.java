package io.dnwerks.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the gateway was asked and what it accepted: per message id, and per phone. */
public final class Ledger {

    /** One message id's record. */
    public static final class Entry {
        public final String messageId;
        public final String to;
        public volatile String externalId;
        public final AtomicInteger attempts = new AtomicInteger();
        public final AtomicInteger accepted = new AtomicInteger();
        public volatile String receipt;
        /** the text of the last attempt, and when the gateway first took the message (epoch ms; 0 until then) */
        public volatile String text;
        public volatile long acceptedAtMs;
        /** where the first accepted attempt asked for its receipt: which replica of the sender handed it over */
        public volatile String receiptUrl;
        /** a 429 told the sender not to ask again for this message before this time (epoch ms) */
        volatile long notBefore;

        Entry(String messageId, String to) {
            this.messageId = messageId;
            this.to = to;
        }
    }

    private final Map<String, Entry> byMessage = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acceptedByPhone = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong earlyRetries = new AtomicLong();

    Entry attempt(String messageId, String to, String text) {
        attempts.incrementAndGet();
        Entry e = byMessage.computeIfAbsent(messageId, id -> new Entry(id, to));
        e.attempts.incrementAndGet();
        e.text = text;
        return e;
    }

    /** Every request, before anything else: counts the messages asked for before their Retry-After ran out. */
    void arrived(Map<String, String> phoneByMessageId) {
        long now = System.currentTimeMillis();
        phoneByMessageId.forEach((id, to) -> {
            Entry e = byMessage.get(id);
            if (e != null && now < e.notBefore) {
                earlyRetries.incrementAndGet();
            }
        });
    }

    /** A request with these messages was answered 429 with Retry-After: the sender must wait that long. */
    void throttled(Map<String, String> phoneByMessageId, int retryAfterSeconds) {
        long notBefore = System.currentTimeMillis() + retryAfterSeconds * 1000L;
        phoneByMessageId.forEach((id, to) -> {
            Entry e = byMessage.computeIfAbsent(id, i -> new Entry(i, to));
            e.notBefore = Math.max(e.notBefore, notBefore);
        });
    }

    /** Attempts at a message that came before the Retry-After its last 429 asked for. */
    public long earlyRetries() {
        return earlyRetries.get();
    }

    void accept(Entry e, String externalId, String receiptUrl) {
        e.externalId = externalId;
        if (e.acceptedAtMs == 0) {
            e.acceptedAtMs = System.currentTimeMillis();
            e.receiptUrl = receiptUrl;
        }
        e.accepted.incrementAndGet();
        accepted.incrementAndGet();
        acceptedByPhone.computeIfAbsent(e.to, p -> new AtomicInteger()).incrementAndGet();
    }

    public Map<String, Entry> messages() {
        return byMessage;
    }

    public Map<String, AtomicInteger> acceptedByPhone() {
        return acceptedByPhone;
    }

    public long attempts() {
        return attempts.get();
    }

    public long accepted() {
        return accepted.get();
    }

    void clear() {
        byMessage.clear();
        acceptedByPhone.clear();
        attempts.set(0);
        accepted.set(0);
        earlyRetries.set(0);
    }
}
