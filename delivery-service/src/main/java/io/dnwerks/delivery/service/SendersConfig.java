package io.dnwerks.delivery.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.util.Map;

/**
 * The senders, by id: {@code dnwerks.senders.<id>.gateway}, {@code .from} and
 * {@code .segments-per-second}. A campaign names one as its senderId, or gets dnwerks.dispatch.default-sender.
 */
@ConfigMapping(prefix = "dnwerks.senders")
public interface SendersConfig {

    @WithParentName
    Map<String, Sender> senders();

    interface Sender {

        /** The name of the gateway it sends through (dnwerks.gateways.<type>.<name>). */
        String gateway();

        /** The address texts come from: an E.164 number, a short code or an alphanumeric id. */
        String from();

        /** Its throughput in SMS segments per second (held by each replica for now); 0 for no limit of ours. */
        @WithDefault("0")
        double segmentsPerSecond();
    }
}
