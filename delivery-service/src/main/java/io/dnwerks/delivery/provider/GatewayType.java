package io.dnwerks.delivery.provider;

import java.util.List;

/**
 * A kind of gateway (a CDI bean per kind): builds the gateways of its kind that configuration names,
 * under {@code dnwerks.gateways.<type>.<name>.*}. The registry finds every type there is, so a new
 * gateway needs nothing but its own package and its configuration.
 */
public interface GatewayType {

    String type();

    /** The gateways configured for this type, enabled ones only; checked here, so a bad setting fails the start. */
    List<SmsGateway> gateways();
}
