package io.dnwerks.delivery.service;

import io.dnwerks.delivery.provider.GatewayHealth;
import io.dnwerks.delivery.provider.SmsGateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every gateway a sender uses can send (an SMPP gateway: while it is bound); each gateway's state in the data. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    private final Gateways gateways;

    public GatewayReadiness(Gateways gateways) {
        this.gateways = gateways;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = true;
        HealthCheckResponseBuilder r = HealthCheckResponse.named("gateways");
        for (SmsGateway g : gateways.all()) {
            GatewayHealth h = g.health();
            boolean used = gateways.senders().stream().anyMatch(s -> s.gateway().equals(g.name()));
            up &= h.up() || !used;
            r.withData(g.name(), g.type() + ": " + h.detail());
        }
        return r.status(up).build();
    }
}
