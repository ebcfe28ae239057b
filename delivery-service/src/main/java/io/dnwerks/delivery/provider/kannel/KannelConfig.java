package io.dnwerks.delivery.provider.kannel;

import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Kannel smsboxes by name: {@code dnwerks.gateways.kannel.<name>.*}. Credentials and the webhook secret
 * from configuration or the environment only; they are never logged or shown.
 */
@ConfigMapping(prefix = "dnwerks.gateways.kannel")
public interface KannelConfig {

    @WithParentName
    Map<String, Instance> instances();

    interface Instance {

        @WithDefault("true")
        boolean enabled();

        /** The smsbox's sendsms address: {@code http://<smsbox>:<sendsms-port>/cgi-bin/sendsms}. */
        URI sendsmsUrl();

        /** A {@code sendsms-user} group's username and password. */
        String username();

        String password();

        /** The smsc-id to route through (Kannel's {@code smsc} parameter); absent: Kannel's own routing. */
        Optional<String> smsc();

        /**
         * Which delivery reports Kannel sends: 1 delivered, 2 not delivered, 4 buffered, 8 taken by the
         * SMSC, 16 refused by the SMSC. The default asks for all; 4 and 8 change nothing here.
         */
        @WithDefault("31")
        @Min(1)
        @Max(63)
        int dlrMask();

        /**
         * Signs the delivery-report URL handed to Kannel (an HMAC of the message id) and is the
         * {@code token} its {@code sms-service get-url} must carry: Kannel signs nothing itself.
         */
        @Size(min = 16)
        String webhookSecret();

        /** Kannel's {@code max-messages}: how many SMS a long text may be split into. */
        @WithDefault("10")
        @Min(1)
        @Max(255)
        int maxMessages();

        @WithDefault("PT10S")
        Duration timeout();

        /** Requests in flight to it at once. */
        @WithDefault("32")
        @Min(1)
        @Max(1024)
        int connections();

        /** Messages one dispatch call hands it (each is its own request: sendsms texts one body). */
        @WithDefault("20")
        @Min(1)
        @Max(500)
        int batchSize();

        /** sendsms has no idempotency key: a message whose answer was lost is not sent again. */
        @WithDefault("at-most-once")
        DeliveryGuarantee deliveryGuarantee();
    }
}
