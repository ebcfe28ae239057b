package io.dnwerks.common.loop;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a round of work over and over on the event loop: straight again when a round came back full
 * (there is more), after {@code idle} when it did not, and with a growing pause (up to 5 s) while
 * rounds fail, logging the first failure and every fiftieth after it.
 */
public final class PollingLoop {

    private static final Logger LOG = Logger.getLogger(PollingLoop.class);

    private final Vertx vertx;
    private final String name;
    private final Duration idle;
    private final int full;
    private final Supplier<Uni<Integer>> round;
    private final Duration roundTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long failuresInARow;

    /**
     * @param full  a round that handled this many items (or more) is followed at once by the next
     * @param round one round of work; its item is how many things it handled
     */
    public PollingLoop(Vertx vertx, String name, Duration idle, int full, Supplier<Uni<Integer>> round) {
        this(vertx, name, idle, full, Duration.ofMinutes(2), round);
    }

    /**
     * @param roundTimeout a round that has not finished by then counts as failed, so that one call
     *                     that never answers cannot stop the loop for good
     */
    public PollingLoop(Vertx vertx, String name, Duration idle, int full, Duration roundTimeout, Supplier<Uni<Integer>> round) {
        this.roundTimeout = roundTimeout;
        this.vertx = vertx;
        this.name = name;
        this.idle = idle;
        this.full = full;
        this.round = round;
    }

    public void start() {
        if (running.compareAndSet(false, true)) {
            next(0);
        }
    }

    public void stop() {
        running.set(false);
    }

    private void next(long delayMillis) {
        if (!running.get()) {
            return;
        }
        if (delayMillis <= 0) {
            vertx.runOnContext(this::run);
        } else {
            vertx.setTimer(delayMillis, id -> run());
        }
    }

    private void run() {
        Uni.createFrom().deferred(() -> round.get())
                .ifNoItem().after(roundTimeout).fail()
                .subscribe().with(
                handled -> {
                    failuresInARow = 0;
                    next(handled >= full ? 0 : idle.toMillis());
                },
                failure -> {
                    long n = ++failuresInARow;
                    if (n == 1 || n % 50 == 0) {
                        LOG.warnf("%s: round failed (%d in a row): %s", name, n, failure.getMessage());
                    }
                    next(Math.min(5000, Math.max(1, idle.toMillis()) * (1L << Math.min(n, 6))));
                });
    }
}
