package io.dnwerks.delivery.service;

import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Runs asynchronous steps one at a time, in the order they were asked for. A replica books a sender's
 * schedule through one of these: with every waiting request asking the database on its own, a full
 * schedule was asked hundreds of times a second, on one row, by requests that could not all be
 * booked anyway, and the database's latency became the senders' jitter.
 */
final class OneAtATime {

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean busy;
    /** someone is starting the waiting steps, in a loop: a step that ends at once tells it so rather than start the next itself (which would nest) */
    private boolean starting;
    private boolean stepEnded;

    <T> Uni<T> run(Supplier<Uni<T>> step) {
        return Uni.createFrom().emitter(emitter -> {
            Runnable start = () -> Uni.createFrom().<T>deferred(step::get).subscribe().with(item -> {
                ended();
                emitter.complete(item);
            }, failure -> {
                ended();
                emitter.fail(failure);
            });
            synchronized (this) {
                if (busy) {
                    waiting.add(start);
                    return;
                }
                busy = true;
            }
            start.run();
        });
    }

    private void ended() {
        synchronized (this) {
            if (starting) {
                stepEnded = true;
                return;
            }
            starting = true;
        }
        while (true) {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    busy = false;
                    starting = false;
                    return;
                }
                stepEnded = false;
            }
            next.run();
            synchronized (this) {
                if (!stepEnded) {
                    starting = false; // it runs on; its end starts the one after it
                    return;
                }
            }
        }
    }
}
