package io.dnwerks.delivery.provider.twilio;

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
 * Twilio, or any provider with Twilio's Messages API, by name: {@code dnwerks.gateways.twilio.<name>.*}.
 * Credentials from configuration or the environment only; they are never logged or shown.
 */
@ConfigMapping(prefix = "dnwerks.gateways.twilio")
public interface TwilioConfig {

    @WithParentName
    Map<String, Instance> instances();

    interface Instance {

        @WithDefault("true")
        boolean enabled();

        /** The API's base URL: Twilio's, or a compatible provider's. */
        @WithDefault("https://api.twilio.com")
        URI baseUrl();

        /** The account (AC...): the path's {AccountSid} and the basic-auth user. */
        String accountSid();

        /** The auth token: the basic-auth password, and the key of X-Twilio-Signature on its webhooks. */
        String authToken();

        /** Send through a Messaging Service (MG...) instead of from the sender's number. */
        Optional<String> messagingServiceSid();

        @WithDefault("PT10S")
        Duration timeout();

        /** Requests in flight to it at once. */
        @WithDefault("32")
        @Min(1)
        @Max(1024)
        int connections();

        /** Messages one dispatch call hands it (each is its own request: the API has no bulk send). */
        @WithDefault("20")
        @Min(1)
        @Max(500)
        int batchSize();

        /** The API has no idempotency key: a message whose answer was lost is not sent again. */
        @WithDefault("at-most-once")
        DeliveryGuarantee deliveryGuarantee();
    }
}
