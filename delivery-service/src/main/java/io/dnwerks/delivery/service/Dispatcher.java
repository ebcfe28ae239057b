package io.dnwerks.delivery.service;

import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.common.loop.PollingLoop;
import io.dnwerks.delivery.domain.RateLimiter;
import io.dnwerks.delivery.domain.SmsSegments;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.repository.DispatchRepository;
import io.dnwerks.delivery.repository.DispatchRepository.Claimed;
import io.dnwerks.delivery.repository.DispatchRepository.Result;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what is due: claims a batch of pending messages (row locks skipped by other replicas, a
 * lease so that a dispatcher that dies leaves its messages to the next), holds the rate limit, hands
 * the messages to the gateway (as many per request as its bulk API takes) with each message's id as
 * idempotency key, and records the answers in one statement per kind. Several rounds run at once.
 * A campaign is sent from once its whole audience has been fanned out (dnwerks.dispatch.wait-for-audience),
 * or once no batch has come for dnwerks.dispatch.audience-quiet-period. A message whose answer was lost (a crash before the record) is sent again
 * when its lease runs out, under the same idempotency key, so the gateway does not text it twice.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final DispatchRepository dispatch;
    private final SmsGateway gateway;
    private final boolean enabled;
    private final int batchSize;
    private final int concurrency;
    private final int leaseSeconds;
    private final int retryUnitSeconds;
    private final String receiptUrl;
    private final RateLimiter rateLimiter;
    private final boolean waitForAudience;
    private final int audienceQuietSeconds;
    private final AtomicLong handedOver = new AtomicLong();
    private final List<PollingLoop> loops = new ArrayList<>();

    public Dispatcher(DispatchRepository dispatch, SmsGateway gateway, Vertx vertx,
                      @ConfigProperty(name = "dnwerks.dispatch.enabled", defaultValue = "true") boolean enabled,
                      @ConfigProperty(name = "dnwerks.dispatch.batch-size", defaultValue = "500") int batchSize,
                      @ConfigProperty(name = "dnwerks.dispatch.concurrency", defaultValue = "64") int concurrency,
                      @ConfigProperty(name = "dnwerks.dispatch.workers", defaultValue = "2") int workers,
                      @ConfigProperty(name = "dnwerks.dispatch.lease", defaultValue = "PT60S") Duration lease,
                      @ConfigProperty(name = "dnwerks.dispatch.retry-delay-unit", defaultValue = "PT1M") Duration retryUnit,
                      @ConfigProperty(name = "dnwerks.dispatch.idle-poll", defaultValue = "PT0.2S") Duration idle,
                      @ConfigProperty(name = "dnwerks.dispatch.rate-per-second", defaultValue = "0") double ratePerSecond,
                      @ConfigProperty(name = "dnwerks.dispatch.wait-for-audience", defaultValue = "true") boolean waitForAudience,
                      @ConfigProperty(name = "dnwerks.dispatch.audience-quiet-period", defaultValue = "PT30S") Duration audienceQuiet,
                      @ConfigProperty(name = "dnwerks.receipts.base-url", defaultValue = "http://127.0.0.1:8083") String receiptsBase) {
        this.dispatch = dispatch;
        this.gateway = gateway;
        this.enabled = enabled;
        // under a rate limit, claim no more than can go out within half a lease, so that claimed
        // messages never sit waiting for their turn until their lease runs out
        int workerCount = Math.max(1, workers);
        this.batchSize = ratePerSecond <= 0 ? batchSize
                : (int) Math.max(1, Math.min(batchSize, ratePerSecond * lease.toSeconds() / 2 / workerCount));
        this.concurrency = concurrency;
        this.leaseSeconds = (int) lease.toSeconds();
        this.retryUnitSeconds = (int) Math.max(1, retryUnit.toSeconds());
        this.receiptUrl = receiptsBase + "/webhooks/receipts/" + gateway.name();
        this.rateLimiter = new RateLimiter(ratePerSecond);
        this.waitForAudience = waitForAudience;
        this.audienceQuietSeconds = (int) Math.max(1, audienceQuiet.toSeconds());
        // while one round waits for the gateway another records its answers and claims the next batch
        for (int i = 0; i < workerCount; i++) {
            loops.add(new PollingLoop(vertx, "dispatch-" + i, idle, this.batchSize, this::round));
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            loops.forEach(PollingLoop::start);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.forEach(PollingLoop::stop);
    }

    /** Messages handed to the gateway since start. */
    public long handedOver() {
        return handedOver.get();
    }

    private Uni<Integer> round() {
        return dispatch.claim(batchSize, leaseSeconds, !waitForAudience, audienceQuietSeconds)
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0) : sendAll(claimed).replaceWith(claimed.size()));
    }

    private Uni<Void> sendAll(List<Claimed> claimed) {
        List<Result> sent = new ArrayList<>();
        List<Result> retry = new ArrayList<>();
        List<Result> rejected = new ArrayList<>();
        return Multi.createFrom().iterable(chunks(claimed, gateway.maxBatch()))
                .onItem().transformToUni(chunk -> paced(chunk).invoke(outcomes -> {
                    for (int i = 0; i < chunk.size(); i++) {
                        sort(chunk.get(i), outcomes.get(i), sent, retry, rejected);
                    }
                }))
                .merge(concurrency)
                .collect().last()
                .chain(() -> dispatch.sent(sent))
                .chain(() -> dispatch.transientFailures(retry, retryUnitSeconds))
                .chain(() -> dispatch.rejected(rejected));
    }

    private static List<List<Claimed>> chunks(List<Claimed> claimed, int size) {
        List<List<Claimed>> out = new ArrayList<>();
        for (int from = 0; from < claimed.size(); from += size) {
            out.add(claimed.subList(from, Math.min(claimed.size(), from + size)));
        }
        return out;
    }

    /** Waits for the rate limit to allow the chunk's segments, then hands the chunk over. */
    private Uni<List<SendOutcome>> paced(List<Claimed> chunk) {
        int segments = chunk.stream().mapToInt(m -> SmsSegments.count(m.text())).sum();
        long wait = rateLimiter.reserveMillis(segments);
        Uni<List<SendOutcome>> send = Uni.createFrom().deferred(() -> gateway.sendAll(chunk.stream()
                .map(m -> new OutgoingSms(m.id(), m.phone(), m.text(), receiptUrl)).toList()));
        return wait <= 0 ? send : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait)).chain(() -> send);
    }

    private void sort(Claimed m, SendOutcome outcome, List<Result> sent, List<Result> retry, List<Result> rejected) {
        handedOver.incrementAndGet();
        if (outcome instanceof SendOutcome.Accepted a) {
            add(sent, new Result(m.id(), m.createdAt(), a.externalId(), null, 0));
        } else if (outcome instanceof SendOutcome.Transient t) {
            add(retry, new Result(m.id(), m.createdAt(), null, t.reason(), (int) t.retryAfter().toSeconds()));
        } else if (outcome instanceof SendOutcome.Permanent p) {
            LOG.debugf("message %s to %s rejected: %s", m.id(), PhoneMask.mask(m.phone()), p.reason());
            add(rejected, new Result(m.id(), m.createdAt(), null, p.reason(), 0));
        }
    }

    private static void add(List<Result> list, Result r) {
        synchronized (list) {
            list.add(r);
        }
    }
}
