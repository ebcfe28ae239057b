package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.delivery.provider.GatewayType;
import io.dnwerks.delivery.provider.SmsGateway;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The SMPP gateways configuration names. */
@ApplicationScoped
public class SmppType implements GatewayType {

    private final List<SmsGateway> gateways;

    public SmppType(SmppConfig config) {
        this.gateways = config.instances().entrySet().stream().filter(e -> e.getValue().enabled())
                .map(e -> (SmsGateway) new SmppGateway(e.getKey(), e.getValue())).toList();
    }

    @Override
    public String type() {
        return SmppGateway.TYPE;
    }

    @Override
    public List<SmsGateway> gateways() {
        return gateways;
    }
}
