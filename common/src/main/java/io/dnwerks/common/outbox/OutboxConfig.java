package io.dnwerks.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** The outbox and its relay, under {@code dnwerks.outbox}. */
@ConfigMapping(prefix = "dnwerks.outbox")
public interface OutboxConfig {

    /**
     * The largest event body the outbox takes, in bytes of JSON. Kafka's producers refuse records over
     * 1 MiB (max.request.size) and brokers over about as much (message.max.bytes); this leaves room for
     * the headers. A change whose event would be larger is refused with a 413, nothing written.
     */
    @WithDefault("1000000")
    @Min(1024)
    @Max(100_000_000)
    int maxEventBytes();

    Relay relay();

    interface Relay {

        /** Off only in tests that run a relay of their own. */
        @WithDefault("true")
        boolean enabled();

        /** How long the relay waits after a round that found less than a batch. */
        @WithDefault("PT0.1S")
        Duration pollInterval();

        /** Events published per round (one transaction, one statement to mark them sent). */
        @WithDefault("500")
        @Min(1)
        @Max(20_000)
        int batchSize();
    }
}
