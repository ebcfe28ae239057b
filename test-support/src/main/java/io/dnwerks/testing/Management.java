package io.dnwerks.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's management interface under test: health, metrics and OpenAPI are served there, on a
 * port of their own, not on the API's port (see quarkus.management.* in the shared configuration).
 */
public final class Management {

    private Management() {
    }

    /** A request to the management port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** Quarkus's test port for the management interface: 9001 unless configured otherwise. */
    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }
}
