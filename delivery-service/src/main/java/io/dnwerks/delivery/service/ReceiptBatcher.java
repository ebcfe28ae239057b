package io.dnwerks.delivery.service;

import io.dnwerks.delivery.repository.ReceiptRepository;
import io.dnwerks.delivery.repository.ReceiptRepository.Applied;
import io.dnwerks.delivery.repository.ReceiptRepository.Receipt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the receipts that arrive within a few milliseconds of each other and applies them in one
 * statement: gateways send one receipt per request, and a statement per receipt (each also moving
 * its campaign's counts) was the benchmark's heaviest load on PostgreSQL. Each request is answered
 * once its batch has committed.
 */
@ApplicationScoped
public class ReceiptBatcher {

    private record Pending(Receipt receipt, UniEmitter<? super Applied> answer) {
    }

    private final ReceiptRepository receipts;
    private final Vertx vertx;
    private final int maxBatch;
    private final long lingerMillis;
    private List<Pending> pending = new ArrayList<>();
    private boolean flushScheduled;

    public ReceiptBatcher(ReceiptRepository receipts, Vertx vertx,
                          @ConfigProperty(name = "dnwerks.receipts.batch-size", defaultValue = "500") int maxBatch,
                          @ConfigProperty(name = "dnwerks.receipts.linger", defaultValue = "PT0.02S") Duration linger) {
        this.receipts = receipts;
        this.vertx = vertx;
        this.maxBatch = maxBatch;
        this.lingerMillis = Math.max(1, linger.toMillis());
    }

    public Uni<Applied> apply(Receipt receipt) {
        return Uni.createFrom().emitter(answer -> add(new Pending(receipt, answer)));
    }

    private synchronized void add(Pending p) {
        pending.add(p);
        if (pending.size() >= maxBatch) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            vertx.setTimer(lingerMillis, id -> {
                synchronized (this) {
                    flushScheduled = false;
                    flush();
                }
            });
        }
    }

    /** Called with the lock held. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        receipts.apply(batch.stream().map(Pending::receipt).toList()).subscribe().with(
                answers -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).answer().complete(answers.get(i));
                    }
                },
                failure -> batch.forEach(p -> p.answer().fail(failure)));
    }
}
