package io.dnwerks.delivery.provider.simulator;

import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in simulators (sms-simulator), by name: {@code dnwerks.gateways.simulator.<name>.*}. One,
 * named simulator, is configured by default (application.properties) and is what {@code ./dnwerks up} sends to.
 */
@ConfigMapping(prefix = "dnwerks.gateways.simulator")
public interface SimulatorConfig {

    @WithParentName
    Map<String, Instance> instances();

    interface Instance {

        /** Off to run without it, when real gateways carry every sender. */
        @WithDefault("true")
        boolean enabled();

        /** Where it listens, e.g. http://127.0.0.1:8090. */
        URI url();

        /** The longest a request may take, answer or not. */
        @WithDefault("PT10S")
        Duration timeout();

        /** HTTP connections kept open to it. */
        @WithDefault("64")
        @Min(1)
        @Max(1024)
        int connections();

        /** Messages per POST /messages/batch. */
        @WithDefault("100")
        @Min(1)
        @Max(1000)
        int batchSize();

        /** The secret its receipts and inbound messages are signed with; without it they are refused (503). */
        Optional<String> webhookSecret();

        /** A signed request older (or newer) than this is refused, so that a captured one cannot be replayed. */
        @WithDefault("PT5M")
        Duration webhookMaxAge();

        /** It honours the message id as an idempotency key: asking again cannot text twice. */
        @WithDefault("at-least-once")
        DeliveryGuarantee deliveryGuarantee();
    }
}
