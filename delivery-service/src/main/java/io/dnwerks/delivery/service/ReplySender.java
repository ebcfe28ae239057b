package io.dnwerks.delivery.service;

import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.common.loop.PollingLoop;
import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.repository.InboundRepository;
import io.dnwerks.delivery.repository.InboundRepository.Reply;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Sends the replies owed to keywords (the STOP confirmation the FCC allows, HELP's text) within
 * moments of the keyword, outside rate limits, quiet hours and the suppression list: a confirmation
 * of an opt-out is the one message an opted-out number still gets. A reply goes back the way the
 * keyword came: through its gateway, from the number it was sent to. Each is sent under its inbound
 * message's id as idempotency key; one whose answer was lost (its sender died) is asked again only
 * through an at-least-once gateway, and through an at-most-once one recorded sent, outcome unknown.
 * One that cannot be sent after dnwerks.keywords.reply-attempts is left failed.
 */
@ApplicationScoped
public class ReplySender {

    private static final Logger LOG = Logger.getLogger(ReplySender.class);
    private static final int BATCH = 50;

    private final InboundRepository inbound;
    private final Gateways gateways;
    private final KeywordReplies keywords;
    private final boolean enabled;
    private final PollingLoop loop;

    public ReplySender(InboundRepository inbound, Gateways gateways, KeywordReplies keywords, DispatchConfig dispatch, Vertx vertx) {
        this.inbound = inbound;
        this.gateways = gateways;
        this.keywords = keywords;
        this.enabled = dispatch.enabled();
        this.loop = new PollingLoop(vertx, "keyword replies", Duration.ofMillis(200), BATCH, this::round);
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            loop.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    private Uni<Integer> round() {
        // the lease outlasts one gateway call, so that no other replica takes a reply still on its way
        int leaseSeconds = (int) Math.max(10, gateways.longestTimeout().toSeconds() * 3);
        return inbound.claimReplies(BATCH, leaseSeconds).flatMap(replies -> replies.isEmpty() ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(replies)
                        // one reply's trouble (its record failing) must not cancel the others mid-flight;
                        // its lease runs out and it is claimed again
                        .onItem().transformToUniAndMerge(r -> send(r).onFailure().invoke(f -> LOG.debugf("reply %s waits for its "
                                + "lease to run out: %s", r.id(), f.getMessage())).onFailure().recoverWithNull())
                        .collect().last().replaceWith(replies.size()));
    }

    private Uni<Void> send(Reply r) {
        Gateways.Route route = gateways.replyRoute(r.gateway(), r.ourNumber());
        boolean atMostOnce = route.gateway().guarantee() == DeliveryGuarantee.AT_MOST_ONCE;
        if (r.unanswered() && atMostOnce) {
            return inbound.replySentUnknown(r.id(), "outcome unknown: handed over by a sender that did not record the answer; "
                    + "not sent again (at-most-once)");
        }
        return Uni.createFrom().deferred(() -> route.gateway().sendAll(List.of(new OutgoingSms(r.id(), route.sender().from(), r.to(),
                        r.text(), null))))
                .map(out -> out.get(0)).flatMap(outcome -> {
            if (outcome instanceof SendOutcome.Accepted a) {
                return inbound.replySent(r.id(), a.externalId());
            }
            if (outcome instanceof SendOutcome.Unknown u && atMostOnce) {
                return inbound.replySentUnknown(r.id(), "outcome unknown: " + u.reason());
            }
            boolean permanent = outcome instanceof SendOutcome.Permanent || outcome instanceof SendOutcome.OptedOut;
            String reason = reason(outcome);
            LOG.debugf("reply %s to %s not sent (attempt %d): %s", r.id(), PhoneMask.mask(r.to()), r.attempts(), reason);
            return inbound.replyNotSent(r.id(), reason, permanent, keywords.replyAttempts(), retryAfter(outcome));
        });
    }

    private static String reason(SendOutcome o) {
        if (o instanceof SendOutcome.Transient t) {
            return t.reason();
        }
        if (o instanceof SendOutcome.Unavailable u) {
            return u.reason();
        }
        if (o instanceof SendOutcome.OptedOut x) {
            return x.reason();
        }
        if (o instanceof SendOutcome.Unknown x) {
            return x.reason();
        }
        return o instanceof SendOutcome.Permanent p ? p.reason() : String.valueOf(o);
    }

    private static int retryAfter(SendOutcome o) {
        if (o instanceof SendOutcome.Transient t) {
            return (int) t.retryAfter().toSeconds();
        }
        return o instanceof SendOutcome.Unavailable u ? (int) u.retryAfter().toSeconds() : 0;
    }
}
