package io.dnwerks.common.fault;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How consumers wait out transient failures (the database away, a deadlock): retried for as long as they last. */
@ConfigMapping(prefix = "dnwerks.consumers.retry")
public interface ConsumerRetryConfig {

    /** The first pause after a transient failure; each next one doubles, with jitter. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    /** The longest pause between two attempts, so that work goes on within this long of the database's return. */
    @WithDefault("PT5S")
    Duration maxBackoff();
}
