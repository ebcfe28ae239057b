package io.dnwerks.delivery.provider.kannel;

import io.dnwerks.delivery.provider.GatewayType;
import io.dnwerks.delivery.provider.SmsGateway;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The Kannel gateways configuration names. */
@ApplicationScoped
public class KannelType implements GatewayType {

    private final List<SmsGateway> gateways;

    public KannelType(KannelConfig config, Vertx vertx) {
        this.gateways = config.instances().entrySet().stream().filter(e -> e.getValue().enabled())
                .map(e -> (SmsGateway) new KannelGateway(e.getKey(), e.getValue(), vertx)).toList();
    }

    @Override
    public String type() {
        return KannelGateway.TYPE;
    }

    @Override
    public List<SmsGateway> gateways() {
        return gateways;
    }
}
