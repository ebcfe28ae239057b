package io.dnwerks.delivery.service;

import io.dnwerks.delivery.repository.SendGateRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Forgets sends older than the frequency cap's window: they count for nothing, and would only grow the table. */
@ApplicationScoped
public class FrequencyCapHousekeeping {

    private static final Logger LOG = Logger.getLogger(FrequencyCapHousekeeping.class);

    private final SendGateRepository gate;
    private final FrequencyCapConfig cap;

    public FrequencyCapHousekeeping(SendGateRepository gate, FrequencyCapConfig cap) {
        this.gate = gate;
        this.cap = cap;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forget() {
        return gate.forgetOlderThan(cap.window())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("forgot %d send(s) older than the frequency cap's window", n);
                    }
                })
                .onFailure().invoke(f -> LOG.debugf("frequency-cap housekeeping waits for the next run: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
