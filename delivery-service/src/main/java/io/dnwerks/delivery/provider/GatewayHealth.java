package io.dnwerks.delivery.provider;

/** Whether a gateway can take messages now, and why not. */
public record GatewayHealth(boolean up, String detail) {

    public static final GatewayHealth UP = new GatewayHealth(true, "up");

    public static GatewayHealth down(String detail) {
        return new GatewayHealth(false, detail);
    }
}
