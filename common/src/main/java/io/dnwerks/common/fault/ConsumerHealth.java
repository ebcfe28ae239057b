package io.dnwerks.common.fault;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readiness of the Kafka consumers: while any piece of a consumer's work waits out a transient
 * failure (its records held where they are until the failure passes), the service is not ready, with
 * the consumer, since when and how many attempts in the check's data (the reasons go to the log
 * only: the health endpoint is open to anyone). A piece of work stops counting once it is settled,
 * done or given up for a lasting reason, so a record sent to the DLQ cannot hold readiness down.
 */
@Readiness
@Default // @Readiness is a qualifier: without @Default the consumers could not inject it
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ConsumerHealth.class);

    /** A piece of a consumer's work held by a transient failure: since when, how many attempts failed. */
    public record Waiting(String consumer, Instant since, long attempts) {
    }

    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** A handle for one piece of work (a record, a batch, a group of a batch). */
    public long begin() {
        return ids.incrementAndGet();
    }

    /** Called for each failed attempt; logs the first one and every tenth after it. */
    public void failed(long work, String consumer, Throwable failure) {
        Waiting now = waiting.compute(work, (k, w) -> w == null ? new Waiting(consumer, Instant.now(), 1)
                : new Waiting(consumer, w.since(), w.attempts() + 1));
        if (now.attempts() == 1 || now.attempts() % 10 == 0) {
            LOG.warnf("%s waits out a transient failure (attempt %d, since %s): %s", consumer, now.attempts(), now.since(),
                    failure.getMessage());
        }
    }

    /** The work is done, or given up for a lasting reason: it no longer holds readiness down. */
    public void settled(long work) {
        Waiting was = waiting.remove(work);
        if (was != null) {
            LOG.infof("%s goes on after %d failed attempt(s) since %s", was.consumer(), was.attempts(), was.since());
        }
    }

    /** Failed attempts of the consumer's work still waiting, for tests and operators. */
    public long attempts(String consumer) {
        return waiting.values().stream().filter(w -> w.consumer().equals(consumer)).mapToLong(Waiting::attempts).max().orElse(0);
    }

    public boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("consumers").status(waiting.isEmpty());
        waiting.values().forEach(w -> r.withData(w.consumer(), "waiting out a transient failure since " + w.since() + " ("
                + w.attempts() + " attempts; the reason is in the log)"));
        return r.build();
    }
}
