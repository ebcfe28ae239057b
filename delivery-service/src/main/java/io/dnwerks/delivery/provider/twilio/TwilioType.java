package io.dnwerks.delivery.provider.twilio;

import io.dnwerks.delivery.provider.GatewayType;
import io.dnwerks.delivery.provider.SmsGateway;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The Twilio-style gateways configuration names. */
@ApplicationScoped
public class TwilioType implements GatewayType {

    private final List<SmsGateway> gateways;

    public TwilioType(TwilioConfig config, Vertx vertx) {
        this.gateways = config.instances().entrySet().stream().filter(e -> e.getValue().enabled())
                .map(e -> (SmsGateway) new TwilioGateway(e.getKey(), e.getValue(), vertx)).toList();
    }

    @Override
    public String type() {
        return TwilioGateway.TYPE;
    }

    @Override
    public List<SmsGateway> gateways() {
        return gateways;
    }
}
