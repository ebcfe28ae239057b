package io.dnwerks.delivery.service;

import io.dnwerks.common.fault.TransientWait;
import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.common.loop.PollingLoop;
import io.dnwerks.delivery.domain.ClaimSize;
import io.dnwerks.delivery.domain.GatewayBreaker;
import io.dnwerks.delivery.domain.RateLimiter;
import io.dnwerks.delivery.domain.Sender;
import io.dnwerks.delivery.domain.SenderPace;
import io.dnwerks.delivery.domain.SenderThrottle;
import io.dnwerks.delivery.repository.SenderPaceRepository;
import io.dnwerks.delivery.domain.SmsSegments;
import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.service.Gateways.Route;
import io.dnwerks.delivery.repository.DispatchRepository;
import io.dnwerks.delivery.repository.RecipientRepository;
import io.dnwerks.delivery.repository.SendGateRepository;
import io.dnwerks.delivery.domain.Suppression;
import io.dnwerks.common.tx.Transactions;
import io.vertx.mutiny.sqlclient.Pool;
import io.dnwerks.delivery.repository.DispatchRepository.Claimed;
import io.dnwerks.delivery.repository.DispatchRepository.Deferral;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what is due: claims a batch of pending messages (row locks skipped by other replicas, a
 * lease so that a dispatcher that dies leaves its messages to the next), holds each sender's rate limit,
 * hands the messages to their sender's gateway (as many per request as its bulk API takes) with each
 * message's id as idempotency key, and records the answers in one statement per kind. Several rounds
 * run at once. Right before a request its messages are marked handed over, in a committed statement:
 * a message found marked after a crash is, under its gateway's at-most-once guarantee, recorded sent
 * with its outcome unknown and never asked again; under at-least-once it is asked again under its id.
 * A campaign is sent from once its whole audience has been fanned out (dnwerks.dispatch.wait-for-audience),
 * or once no batch has come for dnwerks.dispatch.audience-quiet-period.
 * Each round claims under a token of its own, and every statement that records an answer changes only
 * messages that token still holds; a round hands nothing over that could not be answered within its
 * lease, and gives such messages back, so a slow gateway cannot make two rounds send the same message.
 * A request a gateway fails as a whole opens that gateway's {@link GatewayBreaker}: its sending pauses (at least as
 * long as its Retry-After asks), the messages of that request wait without losing a retry, and sending
 * resumes once the gateway answers again. A round whose answers cannot be recorded because the
 * database is away waits until it is back (up to dnwerks.dispatch.record-patience): a cancelled
 * campaign's messages are never claimed again, so a lost record would leave texted messages pending.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final DispatchRepository dispatch;
    private final SendGateRepository gate;
    private final RecipientRepository recipients;
    private final Pool pool;
    private final FrequencyCapConfig cap;
    private final SendingRules rules;
    private final Gateways gateways;
    private final boolean enabled;
    private final int batchSize;
    private final int concurrency;
    private final Duration lease;
    private final int retryUnitSeconds;
    private final String receiptsBase;
    private final Map<String, RateLimiter> rateLimiters = new LinkedHashMap<>();
    private final Map<String, SenderPace> paces = new LinkedHashMap<>();
    private final Map<String, SenderThrottle> throttles = new LinkedHashMap<>();
    private final Map<String, OneAtATime> bookings = new LinkedHashMap<>();
    private final Duration throttleRecovery;
    private final SenderPaceRepository paceSchedule;
    private final boolean deploymentRate;
    private final double paceAheadSeconds;
    private final Map<String, GatewayBreaker> breakers = new LinkedHashMap<>();
    private final TransientWait transientWait;
    private final Duration recordPatience;
    private final boolean waitForAudience;
    private final int audienceQuietSeconds;
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong outcomesUnknown = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong admissionFailures = new AtomicLong();
    private final List<PollingLoop> loops = new ArrayList<>();

    public Dispatcher(DispatchRepository dispatch, SendGateRepository gate, RecipientRepository recipients, Pool pool, FrequencyCapConfig cap,
                      SendingRules rules, Gateways gateways, Vertx vertx, DispatchConfig config, TransientWait transientWait,
                      SenderPaceRepository paceSchedule, @ConfigProperty(name = "dnwerks.receipts.base-url") String receiptsBase) {
        this.paceSchedule = paceSchedule;
        this.deploymentRate = config.rateScope() == DispatchConfig.RateScope.DEPLOYMENT;
        this.paceAheadSeconds = config.paceAhead().toNanos() / 1e9;
        this.dispatch = dispatch;
        this.gate = gate;
        this.recipients = recipients;
        this.pool = pool;
        this.cap = cap;
        this.rules = rules;
        this.gateways = gateways;
        this.transientWait = transientWait;
        this.recordPatience = config.recordPatience();
        this.throttleRecovery = config.throttleRecovery();
        this.enabled = config.enabled();
        this.lease = config.lease();
        gateways.senders().forEach(s -> rateLimiters.put(s.id(), new RateLimiter(s.segmentsPerSecond())));
        gateways.senders().forEach(s -> paces.put(s.id(), deploymentRate ? SenderPace.of(s.segmentsPerSecond()) : SenderPace.of(0)));
        gateways.senders().forEach(s -> throttles.put(s.id(), new SenderThrottle(config.throttleRecovery())));
        gateways.senders().forEach(s -> bookings.put(s.id(), new OneAtATime()));
        gateways.all().forEach(g -> breakers.put(g.name(), new GatewayBreaker(config.gatewayBackoff(), config.gatewayBackoffMax())));
        // under a rate limit, claim no more than the slowest sender can send within half a lease, so that
        // claimed messages never sit waiting for their turn until their lease runs out
        int workerCount = config.workers();
        double slowest = gateways.senders().stream().mapToDouble(s -> s.segmentsPerSecond()).filter(r -> r > 0).min().orElse(0);
        this.batchSize = slowest <= 0 ? config.batchSize()
                : (int) Math.max(1, Math.min(config.batchSize(), slowest * lease.toSeconds() / 2 / workerCount));
        this.concurrency = config.concurrency();
        this.retryUnitSeconds = (int) Math.max(1, config.retryDelayUnit().toSeconds());
        this.receiptsBase = receiptsBase;
        this.waitForAudience = config.waitForAudience();
        this.audienceQuietSeconds = (int) Math.max(1, config.audienceQuietPeriod().toSeconds());
        // while one round waits for the gateway another records its answers and claims the next batch
        for (int i = 0; i < workerCount; i++) {
            // a round hands over within its lease and one gateway timeout, then records what the gateway
            // said, waiting out a database outage for up to record-patience; only then is it taken for stuck
            Worker worker = new Worker(new ClaimSize(this.batchSize));
            loops.add(new PollingLoop(vertx, "dispatch-" + i, config.idlePoll(), this.batchSize,
                    lease.plus(gateways.longestTimeout()).plus(config.recordPatience()).plusSeconds(30), () -> round(worker)));
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

    /** Messages recorded sent with their outcome unknown (at-most-once: handed over, answer lost or never came), since start. */
    public long outcomesUnknown() {
        return outcomesUnknown.get();
    }

    /** Messages claimed and given back unsent because their round's lease ran short or the gateway was down, since start. */
    public long released() {
        return released.get();
    }

    /**
     * One dispatch loop's state. Under a deployment-wide rate a round is done, for its loop, once every
     * request of it has its share of the sender's schedule: its tail (waiting for the last share,
     * the gateway's answers, the records) runs on while the next round claims and books. Otherwise the
     * schedule would run dry whenever every round of every replica was in its tail at once, which
     * lasts longer than the schedule runs ahead. A round waits for the tail before the last one, so a
     * loop has at most two rounds in flight.
     */
    private static final class Worker {
        final ClaimSize claims;
        Uni<Void> latestTail = Uni.createFrom().voidItem();
        Uni<Void> olderTail = Uni.createFrom().voidItem();

        Worker(ClaimSize claims) {
            this.claims = claims;
        }
    }

    /**
     * One round: claim under a token of its own, hand over what can still be answered within the lease,
     * give the rest back, and record the answers, each statement only for messages the token still holds.
     */
    private Uni<Integer> round(Worker worker) {
        long now = System.nanoTime();
        if (breakers.values().stream().noneMatch(b -> b.waitLeft(now).isZero())) {
            return Uni.createFrom().item(0); // every gateway is down or asked us to wait
        }
        // a tail that failed fails this round, so the loop pauses as after any failed round; once: the
        // next round does not wait for it again (a cached failure would fail every round after it)
        Uni<Void> older = worker.olderTail;
        worker.olderTail = Uni.createFrom().voidItem();
        return older.chain(() -> {
            UUID round = UUID.randomUUID();
            long leaseEnds = System.nanoTime() + lease.toNanos();
            int asked = worker.claims.next();
            Outcomes out = new Outcomes();
            return dispatch.claim(round, asked, (int) lease.toSeconds(), !waitForAudience, audienceQuietSeconds).flatMap(claimed -> {
                if (claimed.isEmpty()) {
                    return Uni.createFrom().item(0);
                }
                CompletableFuture<Void> booked = new CompletableFuture<>();
                Uni<Void> tail = sendAll(round, leaseEnds, claimed, out, booked)
                        .invoke(() -> worker.claims.after(claimed.size(), out.shortOfTime.get()))
                        // a round that failed (a statement on a connection the database dropped) gives back
                        // what it never handed over; the failure still pauses the loop
                        .onFailure().call(failure -> recorded(() -> dispatch.releaseUnsent(round, claimed)).onFailure().recoverWithNull())
                        .memoize().indefinitely();
                worker.olderTail = worker.latestTail;
                worker.latestTail = tail;
                tail.subscribe().with(done -> booked.complete(null), booked::completeExceptionally);
                // a full claim, however small, means there may be more: the loop goes on at once
                int handled = claimed.size() >= asked ? batchSize : claimed.size();
                return Uni.createFrom().completionStage(booked).replaceWith(handled);
            });
        });
    }

    /**
     * @param booked completed once every request has its share of its sender's deployment-wide schedule
     *               (or was given up), when every route is so paced; otherwise completed by the caller
     *               when the round ends
     */
    private Uni<Void> sendAll(UUID round, long leaseEnds, List<Claimed> claimed, Outcomes out, CompletableFuture<Void> booked) {
        // a suppressed number is never texted; a message outside its recipient's window waits for it;
        // one a dead round handed over is, under at-most-once, never handed over again
        Map<Route, List<Claimed>> sendable = new LinkedHashMap<>();
        Instant now = rules.now();
        for (Claimed m : claimed) {
            Route route = gateways.route(m.campaign().senderId()).orElse(null);
            if (route == null) {
                add(out.rejected, new Result(m.id(), m.createdAt(), null, "unknown sender: " + m.campaign().senderId()
                        + " is not configured (dnwerks.senders)", 0, false));
                continue;
            }
            if (m.handedOverBefore() && route.gateway().guarantee() == DeliveryGuarantee.AT_MOST_ONCE) {
                add(out.unknown, new Result(m.id(), m.createdAt(), null, "outcome unknown: handed over to " + route.gateway().name()
                        + " by a round that did not record the answer; not sent again (at-most-once)", 0, false));
                continue;
            }
            if (m.stoppedBySuppression()) {
                add(out.rejected, new Result(m.id(), m.createdAt(), null, m.suppressed(), 0, false));
                continue;
            }
            SendingRules.Decision decision = rules.decide(now, m);
            if (decision instanceof SendingRules.Decision.Wait w) {
                add(out.waiting, new Deferral(m.id(), m.createdAt(), seconds(w.duration()), w.reason()));
            } else if (decision instanceof SendingRules.Decision.End e) {
                LOG.debugf("message %s to %s ends %s: %s", m.id(), PhoneMask.mask(m.phone()), e.reason(), e.detail());
                add(out.rejected, new Result(m.id(), m.createdAt(), null, e.reason(), 0, false));
            } else {
                sendable.computeIfAbsent(route, r -> new ArrayList<>()).add(m);
            }
        }
        List<Uni<Void>> requests = new ArrayList<>();
        boolean pipelined = sendable.keySet().stream().noneMatch(r -> paces.get(r.sender().id()).unlimited());
        AtomicInteger unbooked = new AtomicInteger();
        sendable.forEach((route, messages) -> {
            // the last moment a request may start and still be answered (or timed out) before the lease ends
            long lastStart = leaseEnds - route.gateway().timeout().toNanos() - lease.toNanos() / 10;
            for (List<Claimed> chunk : chunks(messages, route.gateway().maxBatch(), paces.get(route.sender().id()).chunkSegments())) {
                Runnable slotSettled = pipelined ? once(() -> {
                    if (unbooked.decrementAndGet() == 0) {
                        booked.complete(null);
                    }
                }) : () -> {};
                unbooked.incrementAndGet();
                requests.add(Uni.createFrom().deferred(() -> paced(round, route, chunk, lastStart, out, slotSettled)).invoke(handover -> {
                    if (handover == null) {
                        synchronized (out.notHandedOver) {
                            out.notHandedOver.addAll(chunk);
                        }
                        return;
                    }
                    for (int i = 0; i < handover.given().size(); i++) {
                        sort(route, handover.given().get(i), handover.outcomes().get(i), out);
                    }
                }).replaceWithVoid());
            }
        });
        if (pipelined && unbooked.get() == 0) {
            booked.complete(null);
        }
        return Multi.createFrom().iterable(requests).onItem().transformToUni(u -> u).merge(concurrency)
                .collect().last()
                // what the gateway said is known only here: if the database is away, wait until it is back
                // rather than leave messages that were texted looking unsent
                .chain(() -> recorded(() -> dispatch.sent(round, out.sent)))
                .chain(() -> recorded(() -> dispatch.sentUnknown(round, out.unknown)))
                .chain(() -> recorded(() -> dispatch.transientFailures(round, out.retry, retryUnitSeconds)))
                .chain(() -> recorded(() -> dispatch.rejected(round, out.rejected)))
                .chain(() -> recorded(() -> dispatch.deferred(round, out.waiting)))
                // a number the gateway says opted out with it is not tried again, by any campaign
                .chain(() -> out.optedOutAtGateway.isEmpty() ? Uni.createFrom().voidItem()
                        : recorded(() -> Transactions.onConnection(pool, tx -> recipients.apply(tx, out.optedOutAtGateway)).replaceWithVoid()))
                .invoke(() -> outcomesUnknown.addAndGet(out.unknown.size()))
                .chain(() -> {
                    if (out.notHandedOver.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    released.addAndGet(out.notHandedOver.size());
                    LOG.debugf("round %s gives back %d message(s) it could not hand over within its lease or while the gateway was down",
                            round, out.notHandedOver.size());
                    return recorded(() -> dispatch.release(round, out.notHandedOver));
                });
    }

    private static Runnable once(Runnable r) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
    }

    /** What a round's messages came to, by what is recorded for them; each list is filled from several requests at once. */
    private static final class Outcomes {
        final List<Result> sent = new ArrayList<>();
        final List<Result> unknown = new ArrayList<>();
        final List<Result> retry = new ArrayList<>();
        final List<Result> rejected = new ArrayList<>();
        final List<Deferral> waiting = new ArrayList<>();
        final List<Claimed> notHandedOver = new ArrayList<>();
        /** of those, given back because the lease ran short before their turn (not because the gateway was down) */
        final java.util.concurrent.atomic.AtomicInteger shortOfTime = new java.util.concurrent.atomic.AtomicInteger();
        final List<RecipientRepository.Change> optedOutAtGateway = new ArrayList<>();
    }

    /**
     * One of a round's records, retried while the database fails transiently (the service reports not
     * ready meanwhile), for up to record-patience.
     */
    private Uni<Void> recorded(java.util.function.Supplier<Uni<Void>> statement) {
        return transientWait.<Void>waitOut("dispatch", statement::get).ifNoItem().after(recordPatience).fail();
    }

    /** Requests of at most {@code size} messages and, under a shared rate, at most {@code segments} segments (a longer message alone). */
    private static List<List<Claimed>> chunks(List<Claimed> claimed, int size, int segments) {
        List<List<Claimed>> out = new ArrayList<>();
        int from = 0;
        int taken = 0;
        for (int i = 0; i < claimed.size(); i++) {
            int s = segments == Integer.MAX_VALUE ? 0 : SmsSegments.count(claimed.get(i).text());
            if (i > from && (i - from == size || taken + s > segments)) {
                out.add(claimed.subList(from, i));
                from = i;
                taken = 0;
            }
            taken += s;
        }
        if (from < claimed.size()) {
            out.add(claimed.subList(from, claimed.size()));
        }
        return out;
    }

    /**
     * A chunk's answer tells whether its gateway is up (one outcome says it for the whole request), and
     * whether the sender goes too fast for it: a throttle pauses the gateway's sending and slows the sender.
     */
    private void noteGateway(SmsGateway gateway, Sender sender, SendOutcome first) {
        GatewayBreaker breaker = breakers.get(gateway.name());
        Duration retryAfter = first instanceof SendOutcome.Unavailable u ? u.retryAfter() : Duration.ZERO;
        boolean throttled = first instanceof SendOutcome.Unavailable u && u.throttled();
        if (first instanceof SendOutcome.Unavailable || first instanceof SendOutcome.Unknown) {
            boolean paused = breaker.failed(retryAfter, System.nanoTime());
            long now = System.nanoTime();
            Duration pause = breaker.waitLeft(now);
            if (throttled && throttles.get(sender.id()).throttled(now, pause)) {
                LOG.infof("the %s gateway throttles the sender %s (%s): sending pauses for %d ms, then goes on at %.0f%% of the"
                                + " sender's rate, back to the whole over %s", gateway.name(), sender.id(), reasonOf(first),
                        pause.toMillis(), 100 * throttles.get(sender.id()).share(now), throttleRecovery);
            } else if (paused && !throttled) {
                LOG.warnf("the %s gateway did not answer a request (%s): its sending pauses for %d ms, and after each further failure longer",
                        gateway.name(), reasonOf(first), pause.toMillis());
            }
        } else {
            int failures = breaker.answered();
            if (failures > 0) {
                LOG.infof("the %s gateway answers again, after %d failed request(s): sending goes on", gateway.name(), failures);
            }
        }
    }

    private static String reasonOf(SendOutcome o) {
        if (o instanceof SendOutcome.Unavailable u) {
            return u.reason();
        }
        return o instanceof SendOutcome.Unknown u ? u.reason() : o.toString();
    }

    /**
     * Waits for the sender's rate limit to allow the chunk's segments, then hands the chunk over; null
     * (nothing handed over) when the round's lease is too short by then for the gateway's answer to come
     * back in it, or when the gateway has failed a request meanwhile and its sending waits.
     */
    private Uni<Handover> paced(UUID round, Route route, List<Claimed> chunk, long lastStart, Outcomes out, Runnable booked) {
        GatewayBreaker breaker = breakers.get(route.gateway().name());
        if (!breaker.waitLeft(System.nanoTime()).isZero()) {
            booked.run();
            return Uni.createFrom().nullItem(); // the gateway is down: keep the rate for when it is back
        }
        int segments = chunk.stream().mapToInt(m -> SmsSegments.count(m.text())).sum();
        SenderPace pace = paces.get(route.sender().id());
        Uni<Long> slot = pace.unlimited()
                ? Uni.createFrom().item(System.nanoTime() + 1_000_000 * rateLimiters.get(route.sender().id())
                        .reserveMillis(segments / throttles.get(route.sender().id()).share(System.nanoTime())))
                : bookings.get(route.sender().id()).run(() -> booked(route.sender().id(), pace, segments, lastStart));
        return slot.onTermination().invoke(booked).flatMap(sendAt -> {
            if (sendAt == NOT_BOOKED) {
                out.shortOfTime.addAndGet(chunk.size());
                return Uni.createFrom().<Handover>nullItem();
            }
            // the checks and the hand-over mark are done in the last moments of the wait, and the request
            // goes at its booked time: what the gateway sees is the schedule, not the database's latency
            long wait = (sendAt - System.nanoTime()) / 1_000_000;
            long early = Math.max(0, wait - ADMIT_LEAD_MS);
            Uni<Handover> send = Uni.createFrom().deferred(() -> System.nanoTime() > lastStart
                    || !breaker.waitLeft(System.nanoTime()).isZero()
                    ? Uni.createFrom().<Handover>nullItem()
                    : admitted(round, route, chunk, lastStart, out, sendAt));
            return early == 0 ? send : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(early)).chain(() -> send);
        });
    }

    /** How long before its booked time a request's last checks and hand-over mark are made. */
    private static final long ADMIT_LEAD_MS = 150;
    /**
     * How late after its booked time a request may still go: 25 ms of the jitter SenderPace leaves room
     * for; the rest is for the way from this check to the gateway's stamp (the write, the network, the
     * gateway's own loop), which reached 40 ms on a loaded machine.
     */
    private static final long LATE_TOLERANCE_MS = 25;

    /**
     * Waits for the request's booked time; true when it may go. One whose checks took it past its share
     * (a busy database) books a new share rather than crowd the next one's: false (given back) if none
     * can be had in time for the lease.
     */
    private Uni<Boolean> onSchedule(Route route, int segments, long sendAt, long lastStart) {
        long leftNanos = sendAt - System.nanoTime();
        long leftMs = leftNanos > 0 ? (leftNanos + 999_999) / 1_000_000 : -((-leftNanos) / 1_000_000); // never early
        if (leftMs >= 1) { // Vert.x timers take 1 ms and more
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(leftMs)).replaceWith(true);
        }
        SenderPace pace = paces.get(route.sender().id());
        if (pace.unlimited() || -leftMs <= LATE_TOLERANCE_MS) {
            return Uni.createFrom().item(true);
        }
        return bookings.get(route.sender().id()).run(() -> booked(route.sender().id(), pace, segments, lastStart))
                .flatMap(next -> next == NOT_BOOKED ? Uni.createFrom().item(false)
                : onSchedule(route, segments, next, lastStart));
    }

    /** What booked() answers when no share could be had in time. */
    private static final long NOT_BOOKED = Long.MIN_VALUE;

    /**
     * Books the request's share of its sender's shared schedule and answers when to send (System.nanoTime()),
     * one request of a sender at a time (see OneAtATime);
     * NOT_BOOKED (not handed over: the chunk goes back) if no share could be booked in time for the
     * lease, or the database could not be asked. A full schedule is asked again when it has room. The
     * booked instant is on the database's clock, read on this one's: the replicas' and the database's
     * clocks must agree (NTP, as on Kubernetes nodes), but the answer's latency does not matter.
     */
    private Uni<Long> booked(String senderId, SenderPace pace, int segments, long lastStart) {
        // a throttled sender books longer shares for the same segments: the deployment slows as its replicas are throttled
        double seconds = pace.seconds(segments) / throttles.get(senderId).share(System.nanoTime());
        // a share that would end after the round's last start could not be used: book none rather than
        // waste it (rounds near their end leave the schedule to the others)
        double ahead = Math.min(paceAheadSeconds, (lastStart - System.nanoTime()) / 1e9 - seconds);
        if (ahead <= 0) {
            return Uni.createFrom().item(NOT_BOOKED);
        }
        return paceSchedule.book(senderId, seconds, ahead)
                .onFailure().recoverWithItem(f -> {
                    LOG.debugf("the sender %s's schedule could not be booked: %s", senderId, f.getMessage());
                    return null;
                })
                .flatMap(b -> {
                    if (b == null) {
                        return Uni.createFrom().item(NOT_BOOKED);
                    }
                    if (b.booked()) {
                        long sendAt = System.nanoTime() + (b.atEpochMillis() - System.currentTimeMillis()) * 1_000_000;
                        return sendAt > lastStart
                                ? Uni.createFrom().item(NOT_BOOKED) // booked too late to go: a share lost, never a share doubled
                                : Uni.createFrom().item(sendAt);
                    }
                    if (System.nanoTime() + b.retryMillis() * 1_000_000 > lastStart) {
                        return Uni.createFrom().item(NOT_BOOKED);
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(b.retryMillis()))
                            .chain(() -> booked(senderId, pace, segments, lastStart));
                });
    }

    /** What a chunk's hand-over came to: the messages the gateway was given, and its answers, in order. */
    private record Handover(List<Claimed> given, List<SendOutcome> outcomes) {
    }

    /**
     * Hands the chunk over but for the numbers suppressed since the claim (a STOP while the chunk waited
     * for the rate limit), which end rejected with the reason, and the messages over their number's
     * frequency cap, which wait for a slot (or, past their campaign's deadline, end rejected): the list
     * is read, and the cap's slots taken, right before every request. Null (nothing handed over) when
     * that cannot be done (the database away).
     */
    private Uni<Handover> admitted(UUID round, Route route, List<Claimed> claimedChunk, long lastStart, Outcomes out, long sendAt) {
        List<Result> rejected = out.rejected;
        List<Deferral> waiting = out.waiting;
        // the window again, now: the chunk may have waited for the rate limit since the claim judged it
        Instant now = rules.now();
        List<Claimed> chunk = new ArrayList<>(claimedChunk.size());
        List<Result> closedNow = new ArrayList<>();
        List<Deferral> waitNow = new ArrayList<>();
        for (Claimed m : claimedChunk) {
            SendingRules.Decision decision = rules.decide(now, m);
            if (decision instanceof SendingRules.Decision.Wait w) {
                waitNow.add(new Deferral(m.id(), m.createdAt(), seconds(w.duration()), w.reason()));
            } else if (decision instanceof SendingRules.Decision.End e) {
                closedNow.add(new Result(m.id(), m.createdAt(), null, e.reason(), 0, false));
            } else {
                chunk.add(m);
            }
        }
        if (chunk.isEmpty()) {
            closedNow.forEach(r -> add(rejected, r));
            waitNow.forEach(d -> add(waiting, d));
            return Uni.createFrom().item(new Handover(List.of(), List.of()));
        }
        return gate.admit(round, chunk, cap.limit(), cap.window())
                .onFailure().invoke(this::admissionFailed)
                .onFailure().recoverWithNull()
                .flatMap(admission -> {
                    // nothing goes (and nothing of the chunk is recorded but as given back, with this round's
                    // hand-over marks taken off) when the check failed, or took so long that an answer could no
                    // longer come within the lease; a slot taken stays with its message for the next claim
                    if (admission == null || System.nanoTime() > lastStart) {
                        return Uni.createFrom().<Handover>nullItem();
                    }
                    closedNow.forEach(r -> add(rejected, r));
                    waitNow.forEach(d -> add(waiting, d));
                    java.util.Set<UUID> admittedIds = new java.util.HashSet<>();
                    admission.admitted().forEach(m -> admittedIds.add(m.id()));
                    for (Claimed m : chunk) {
                        if (admittedIds.contains(m.id())) {
                            continue; // goes to the gateway below
                        }
                        String reason = m.handedOverBefore() ? null : admission.suppressed().get(m.phone());
                        java.time.OffsetDateTime slot = admission.capped().get(m.phone());
                        if (reason != null) {
                            add(rejected, new Result(m.id(), m.createdAt(), null, reason, 0, false));
                        } else if (slot != null) {
                            Duration wait = Duration.between(java.time.OffsetDateTime.now(), slot);
                            if (rules.pastDeadline(m, wait)) {
                                add(rejected, new Result(m.id(), m.createdAt(), null, SendingRules.FREQUENCY_CAP, 0, false));
                            } else {
                                add(waiting, new Deferral(m.id(), m.createdAt(), seconds(wait), SendingRules.FREQUENCY_CAP));
                            }
                        }
                    }
                    List<Claimed> go = admission.admitted();
                    if (go.isEmpty()) {
                        return Uni.createFrom().item(new Handover(go, List.of()));
                    }
                    SmsGateway gateway = route.gateway();
                    String receiptUrl = receiptsBase + "/webhooks/receipts/" + gateway.name();
                    int segments = go.stream().mapToInt(m -> SmsSegments.count(m.text())).sum();
                    return onSchedule(route, segments, sendAt, lastStart).flatMap(onTime -> {
                        if (!onTime) {
                            out.shortOfTime.addAndGet(go.size());
                            synchronized (out.notHandedOver) {
                                out.notHandedOver.addAll(go); // given back, marks taken off: claimed again later
                            }
                            return Uni.createFrom().item(new Handover(List.of(), List.of()));
                        }
                        return gateway.sendAll(go.stream().map(m -> new OutgoingSms(m.id(), route.sender().from(), m.phone(),
                                        m.text(), receiptUrl)).toList())
                                .invoke(outcomes -> noteGateway(gateway, route.sender(), outcomes.get(0)))
                                .map(outcomes -> new Handover(go, outcomes));
                    });
                });
    }

    private void admissionFailed(Throwable f) {
        long n = admissionFailures.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
            LOG.warnf("the last check before sending failed %d time(s) so far (the chunk goes back to be claimed again): %s", n,
                    f.getMessage());
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.ceil(d.toMillis() / 1000.0));
    }

    private void sort(Route route, Claimed m, SendOutcome outcome, Outcomes out) {
        handedOver.incrementAndGet();
        if (outcome instanceof SendOutcome.Accepted a) {
            add(out.sent, new Result(m.id(), m.createdAt(), a.externalId(), null, 0, false));
        } else if (outcome instanceof SendOutcome.Transient t) {
            add(out.retry, new Result(m.id(), m.createdAt(), null, t.reason(), (int) t.retryAfter().toSeconds(), true));
        } else if (outcome instanceof SendOutcome.Unavailable u) {
            add(out.retry, new Result(m.id(), m.createdAt(), null, u.reason(), backAfter(route, u.retryAfter()), false));
        } else if (outcome instanceof SendOutcome.Unknown u) {
            if (route.gateway().guarantee() == DeliveryGuarantee.AT_MOST_ONCE) {
                LOG.debugf("message %s to %s: no answer from %s (%s), recorded sent with its outcome unknown (at-most-once)", m.id(),
                        PhoneMask.mask(m.phone()), route.gateway().name(), u.reason());
                add(out.unknown, new Result(m.id(), m.createdAt(), null, "outcome unknown: " + u.reason(), 0, false));
            } else {
                // asked again under its id, keeping its hand-over mark: it may have been texted
                add(out.retry, new Result(m.id(), m.createdAt(), null, u.reason(), backAfter(route, Duration.ZERO), false, true));
            }
        } else if (outcome instanceof SendOutcome.OptedOut o) {
            LOG.debugf("message %s to %s refused, the number opted out with the gateway: %s", m.id(), PhoneMask.mask(m.phone()), o.reason());
            add(out.rejected, new Result(m.id(), m.createdAt(), null, Suppression.OPTED_OUT.code, 0, false));
            add(out.optedOutAtGateway, new RecipientRepository.Change(m.phone(), null, null, Suppression.OPTED_OUT,
                    Suppression.GATEWAY_SOURCE, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), null));
        } else if (outcome instanceof SendOutcome.Permanent p) {
            LOG.debugf("message %s to %s rejected: %s", m.id(), PhoneMask.mask(m.phone()), p.reason());
            add(out.rejected, new Result(m.id(), m.createdAt(), null, p.reason(), 0, false));
        }
    }

    /** Seconds until a message the gateway did not look at goes again: when its breaker lets sending go on, and not before it asked. */
    private int backAfter(Route route, Duration retryAfter) {
        long waitMillis = Math.max(retryAfter.toMillis(), breakers.get(route.gateway().name()).waitLeft(System.nanoTime()).toMillis());
        return (int) Math.ceil(waitMillis / 1000.0);
    }

    private static <T> void add(List<T> list, T r) {
        synchronized (list) {
            list.add(r);
        }
    }
}
