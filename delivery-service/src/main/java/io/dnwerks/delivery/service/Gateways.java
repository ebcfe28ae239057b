package io.dnwerks.delivery.service;

import io.dnwerks.delivery.domain.Sender;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.provider.GatewayType;
import io.dnwerks.delivery.provider.SmsGateway;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configured gateway, by name, and every sender, by id, checked at start: names unique across
 * gateway types, each sender on a gateway that is configured and enabled, the default sender there.
 * A campaign's messages go through its sender's gateway; a keyword's reply through the gateway it came from.
 */
@ApplicationScoped
public class Gateways {

    private static final Logger LOG = Logger.getLogger(Gateways.class);

    /** Which gateway a message goes through, and from whom. */
    public record Route(Sender sender, SmsGateway gateway) {
    }

    private final Map<String, SmsGateway> gateways = new LinkedHashMap<>();
    private final Map<String, Sender> senders = new LinkedHashMap<>();
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Sender defaultSender;
    private final GatewayEvents events;

    public Gateways(Instance<GatewayType> types, SendersConfig sendersConfig, DispatchConfig dispatch, GatewayEvents events) {
        this.events = events;
        for (GatewayType type : types) {
            for (SmsGateway g : type.gateways()) {
                SmsGateway other = gateways.putIfAbsent(g.name(), g);
                if (other != null) {
                    throw new IllegalStateException("two gateways are named " + g.name() + " (a " + other.type() + " and a " + g.type()
                            + "): a gateway's name is the last part of its webhook paths and must be unique");
                }
            }
        }
        if (!sendersConfig.senders().containsKey(dispatch.defaultSender())) {
            throw new IllegalStateException("dnwerks.dispatch.default-sender is " + dispatch.defaultSender()
                    + ", which no dnwerks.senders.<id> configures (configured: " + sendersConfig.senders().keySet() + ")");
        }
        sendersConfig.senders().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Sender s;
            try {
                s = new Sender(e.getKey(), e.getValue().gateway(), e.getValue().from(), e.getValue().segmentsPerSecond(),
                        e.getKey().equals(dispatch.defaultSender()));
            } catch (IllegalArgumentException bad) {
                throw new IllegalStateException(bad.getMessage(), bad);
            }
            SmsGateway g = gateways.get(s.gateway());
            if (g == null) {
                throw new IllegalStateException("dnwerks.senders." + s.id() + ".gateway is " + s.gateway()
                        + ", which is not a configured and enabled gateway (configured: " + gateways.keySet() + ")");
            }
            senders.put(s.id(), s);
            routes.put(s.id(), new Route(s, g));
        });
        this.defaultSender = senders.get(dispatch.defaultSender());
        Duration longest = longestTimeout();
        if (dispatch.lease().compareTo(longest.multipliedBy(2)) < 0) {
            throw new IllegalStateException("dnwerks.dispatch.lease (" + dispatch.lease() + ") must be at least twice the longest gateway "
                    + "timeout (" + longest + "): a round must be able to hand messages over well within its lease");
        }
    }

    void onStart(@Observes StartupEvent event) {
        gateways.values().forEach(g -> {
            LOG.infof("gateway %s (%s, %s)", g.name(), g.type(), g.guarantee().name().toLowerCase().replace('_', '-'));
            g.start(events);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        gateways.values().forEach(SmsGateway::stop);
    }

    /** The route of a campaign's sender ({@code null}: the default); empty for a sender no longer configured. */
    public Optional<Route> route(String senderId) {
        return Optional.ofNullable(routes.get(senderId == null ? defaultSender.id() : senderId));
    }

    public Route defaultRoute() {
        return routes.get(defaultSender.id());
    }

    /**
     * Where a reply to an inbound message goes: back through the gateway it came from, from the number it
     * was sent to; through the default sender when that gateway is no longer configured.
     */
    public Route replyRoute(String gateway, String ourNumber) {
        SmsGateway g = gateways.get(gateway);
        if (g == null) {
            return defaultRoute();
        }
        Sender owner = senders.values().stream().filter(s -> s.gateway().equals(gateway))
                .filter(s -> ourNumber == null || s.from().equals(ourNumber)).findFirst()
                .orElseGet(() -> senders.values().stream().filter(s -> s.gateway().equals(gateway)).findFirst().orElse(null));
        if (owner == null) {
            return defaultRoute();
        }
        Sender from = ourNumber == null || owner.from().equals(ourNumber) ? owner
                : new Sender(owner.id(), owner.gateway(), ourNumber, owner.segmentsPerSecond(), owner.isDefault());
        return new Route(from, g);
    }

    public Optional<SmsGateway> gateway(String name) {
        return Optional.ofNullable(gateways.get(name));
    }

    public List<SmsGateway> all() {
        return List.copyOf(gateways.values());
    }

    public List<Sender> senders() {
        List<Sender> out = new ArrayList<>(senders.values());
        out.sort(Comparator.comparing(Sender::id));
        return out;
    }

    /** The longest time any gateway may take to answer: what a round must leave itself before its lease ends. */
    public Duration longestTimeout() {
        return gateways.values().stream().map(SmsGateway::timeout).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
