package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.dnwerks.delivery.repository.FanOutRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.dnwerks.common.tx.ConnectionTx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/**
 * One campaign message per recipient of every AudienceBatch, once. Batches come a poll at a time and
 * are written by {@code dnwerks.fan-out.parallelism} transactions at once (AudienceBatches are keyed
 * by campaign, so one campaign's batches share a partition, and one transaction at a time would use
 * one core of the database).
 */
@ApplicationScoped
public class AudienceBatchConsumer {

    public static final String CONSUMER = "fan-out";

    private final BatchInbox inbox;
    private final FanOutRepository fanOut;
    private final ObjectMapper json;
    private final int parallelism;

    public AudienceBatchConsumer(BatchInbox inbox, FanOutRepository fanOut, ObjectMapper json,
                                 @ConfigProperty(name = "dnwerks.fan-out.parallelism", defaultValue = "2") int parallelism) {
        this.inbox = inbox;
        this.fanOut = fanOut;
        this.json = json;
        this.parallelism = Math.max(1, parallelism);
    }

    @Incoming("audience-batches")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return inbox.handle(records, CONSUMER, this::read, this::fanOutAll, parallelism);
    }

    private Uni<Void> fanOutAll(ConnectionTx tx, List<AudienceBatch> batches) {
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> fanOut.fanOut(tx.connection(), batch))
                .collect().last().replaceWithVoid();
    }

    private AudienceBatch read(IncomingEvent event) {
        if (!AudienceBatch.TYPE.equals(event.type())) {
            throw new PoisonEventException("campaign.audience.v1 carries AudienceBatch only, not " + event.type());
        }
        AudienceBatch batch = event.dataAs(AudienceBatch.class, json);
        if (batch.campaignId() == null || batch.campaign() == null || batch.campaign().launchedAt() == null
                || batch.campaign().messageContent() == null || batch.recipients() == null) {
            throw new PoisonEventException("AudienceBatch lacks campaignId, campaign settings or recipients");
        }
        for (int i = 0; i < batch.recipients().size(); i++) {
            AudienceBatch.Recipient r = batch.recipients().get(i);
            if (r == null || r.customerId() == null || r.phone() == null) {
                throw new PoisonEventException("AudienceBatch recipients[" + i + "] lacks customerId or phone");
            }
        }
        return batch;
    }
}
