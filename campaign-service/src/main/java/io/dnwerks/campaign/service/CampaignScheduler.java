package io.dnwerks.campaign.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Launches scheduled campaigns when they are due. Every replica runs it; row locks keep it once. */
@ApplicationScoped
public class CampaignScheduler {

    private static final Logger LOG = Logger.getLogger(CampaignScheduler.class);

    private final CampaignLifecycle lifecycle;

    public CampaignScheduler(CampaignLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(every = "${dnwerks.scheduler.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> launchDue() {
        return lifecycle.launchDue(50)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("launched %d scheduled campaign(s)", n);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("launching due campaigns failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
