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

/**
 * Readiness of the Kafka consumers: a consumer that is waiting out a transient failure (its
 * partition held where it is until the failure passes) makes the service not ready, with the
 * consumer, since when and why in the check's data, and ready again with its first success.
 */
@Readiness
@Default // @Readiness is a qualifier: without @Default the consumers could not inject it
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ConsumerHealth.class);

    /** A consumer held by a transient failure: since when, how many attempts failed, the last reason. */
    public record Waiting(Instant since, long attempts, String reason) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** Called for each failed attempt; logs the first one and every tenth after it. */
    public void failed(String consumer, Throwable failure) {
        Waiting now = waiting.compute(consumer, (c, w) -> w == null
                ? new Waiting(Instant.now(), 1, String.valueOf(failure.getMessage()))
                : new Waiting(w.since(), w.attempts() + 1, String.valueOf(failure.getMessage())));
        if (now.attempts() == 1 || now.attempts() % 10 == 0) {
            LOG.warnf("%s waits out a transient failure (attempt %d, since %s): %s", consumer, now.attempts(), now.since(),
                    now.reason());
        }
    }

    public void succeeded(String consumer) {
        Waiting was = waiting.remove(consumer);
        if (was != null) {
            LOG.infof("%s goes on after %d failed attempt(s) since %s", consumer, was.attempts(), was.since());
        }
    }

    /** The consumers now waiting, for tests and operators. */
    public Map<String, Waiting> waiting() {
        return Map.copyOf(waiting);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("consumers").status(waiting.isEmpty());
        waiting.forEach((consumer, w) -> r.withData(consumer, "waiting since " + w.since() + " (" + w.attempts()
                + " attempts): " + w.reason()));
        return r.build();
    }
}
