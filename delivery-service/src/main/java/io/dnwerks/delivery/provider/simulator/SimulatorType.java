package io.dnwerks.delivery.provider.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.delivery.provider.GatewayType;
import io.dnwerks.delivery.provider.SmsGateway;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The simulator gateways configuration names. */
@ApplicationScoped
public class SimulatorType implements GatewayType {

    private final List<SmsGateway> gateways;

    public SimulatorType(SimulatorConfig config, Vertx vertx, ObjectMapper json) {
        this.gateways = config.instances().entrySet().stream().filter(e -> e.getValue().enabled())
                .map(e -> (SmsGateway) new SimulatorGateway(e.getKey(), e.getValue(), vertx, json)).toList();
    }

    @Override
    public String type() {
        return SimulatorGateway.TYPE;
    }

    @Override
    public List<SmsGateway> gateways() {
        return gateways;
    }
}
