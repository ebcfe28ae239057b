package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * SMSCs spoken to over SMPP 3.4 by name: {@code dnwerks.gateways.smpp.<name>.*}, one transceiver bind
 * each. Credentials from configuration or the environment only; they are never logged or shown.
 */
@ConfigMapping(prefix = "dnwerks.gateways.smpp")
public interface SmppConfig {

    @WithParentName
    Map<String, Instance> instances();

    interface Instance {

        @WithDefault("true")
        boolean enabled();

        String host();

        @Min(1)
        @Max(65535)
        int port();

        /** SMPP limits: system_id 15 characters, password 8, system_type 12. */
        @Size(max = 15)
        String systemId();

        @Size(max = 8)
        String password();

        /** Absent: none (some SMSCs want one, e.g. "VMA"). */
        Optional<@Size(max = 12) String> systemType();

        /** submit_sm outstanding at once (Kannel's max-pending-submits); each waits for its resp on a thread of its own. */
        @WithDefault("10")
        @Min(1)
        @Max(256)
        int window();

        /** How long a submit_sm (or enquire_link) waits for its resp: after that its outcome is unknown. */
        @WithDefault("PT10S")
        Duration responseTimeout();

        /** The longest a message may wait for room in the window before it is handed back, not sent. */
        @WithDefault("PT5S")
        Duration windowWait();

        /** Link idle this long: an enquire_link is sent (and answered within the response time-out, or the bind is dropped). */
        @WithDefault("PT30S")
        Duration enquireLink();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT10S")
        Duration bindTimeout();

        /** The first pause before binding again after a lost or refused bind; doubling up to {@code reconnect-max}. */
        @WithDefault("PT1S")
        Duration reconnectDelay();

        @WithDefault("PT30S")
        Duration reconnectMax();

        /** How long the sender pauses after ESME_RTHROTTLED or ESME_RMSGQFUL (Kannel: 1 s), doubling while they go on. */
        @WithDefault("PT1S")
        Duration throttlePause();

        /** Long texts: a UDH with an 8-bit reference ({@code udh8}), a 16-bit one ({@code udh16}), or the SAR TLVs ({@code sar}). */
        @WithDefault("udh8")
        SmppParts.LongMessages longMessages();

        /** How data_coding 0 is written: {@code gsm} (GSM 03.38 septets) or {@code latin1}. */
        @WithDefault("gsm")
        SmppParts.DefaultAlphabet defaultAlphabet();

        /**
         * Kannel's msg-id-type: bit 1 set, the submit_sm_resp id is hex; bit 2, the receipt's id is hex
         * (jsmpp's simulator: 1). Absent: ids are compared as strings.
         */
        Optional<@Min(0) @Max(3) Integer> msgIdType();

        /** Messages one dispatch call hands it; more than the window wait for room. */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int batchSize();

        /** SMPP has no idempotency key: a message whose resp never came is not sent again. */
        @WithDefault("at-most-once")
        DeliveryGuarantee deliveryGuarantee();
    }
}
