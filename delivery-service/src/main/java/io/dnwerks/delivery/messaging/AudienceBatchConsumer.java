package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.Inbox;
import io.dnwerks.delivery.repository.FanOutRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** One campaign message per recipient of every AudienceBatch, once. */
@ApplicationScoped
public class AudienceBatchConsumer {

    static final String CONSUMER = "fan-out";

    private final Inbox inbox;
    private final FanOutRepository fanOut;
    private final ObjectMapper json;

    public AudienceBatchConsumer(Inbox inbox, FanOutRepository fanOut, ObjectMapper json) {
        this.inbox = inbox;
        this.fanOut = fanOut;
        this.json = json;
    }

    @Incoming("audience-batches")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return inbox.handle(record, CONSUMER, this::apply);
    }

    private Uni<String> apply(IncomingEvent event) {
        if (!AudienceBatch.TYPE.equals(event.type())) {
            throw new PoisonEventException("campaign.audience.v1 carries AudienceBatch only, not " + event.type());
        }
        AudienceBatch batch = event.dataAs(AudienceBatch.class, json);
        if (batch.campaignId() == null || batch.campaign() == null || batch.campaign().launchedAt() == null
                || batch.campaign().messageContent() == null || batch.recipients() == null || !batch.recipients().isArray()) {
            throw new PoisonEventException("AudienceBatch lacks campaignId, campaign settings or recipients");
        }
        return fanOut.fanOut(batch).map(n -> "batch " + batch.batchNo() + ": " + n + " message(s)");
    }
}
