package io.dnwerks.common.fault;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs a consumer's work again, with a growing pause, for as long as it fails transiently (see
 * {@link TransientFailures}); meanwhile the consumer is reported not ready. Any other failure is
 * passed on at once, for the caller to decide whether the record is poison.
 */
@ApplicationScoped
public class TransientWait {

    private final ConsumerHealth health;
    private final ConsumerRetryConfig config;

    public TransientWait(ConsumerHealth health, ConsumerRetryConfig config) {
        this.health = health;
        this.config = config;
    }

    public <T> Uni<T> waitOut(String consumer, Supplier<Uni<? extends T>> attempt) {
        return Uni.createFrom().deferred(() -> {
            long work = health.begin();
            return Uni.createFrom().<T>deferred(attempt)
                    .onFailure(TransientFailures::isTransient).invoke(f -> health.failed(work, consumer, f))
                    .onFailure(TransientFailures::isTransient).retry()
                    .withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely()
                    .onTermination().invoke(() -> health.settled(work));
        });
    }
}
