package io.dnwerks.delivery.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.dnwerks.delivery.repository.ReceiptRepository;
import io.dnwerks.delivery.repository.ReceiptRepository.Receipt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies the journaled receipts a poll at a time, in one statement per poll (receipts arriving
 * together from many gateway requests share it). The database away is waited out; a receipt the
 * statement still refuses is tried alone and, failing, goes to delivery.receipts.v1.dlq on its own.
 */
@ApplicationScoped
public class ReceiptConsumer {

    public static final String CONSUMER = "receipts";

    private final BatchInbox inbox;
    private final ReceiptRepository receipts;
    private final ObjectMapper json;

    public ReceiptConsumer(BatchInbox inbox, ReceiptRepository receipts, ObjectMapper json) {
        this.inbox = inbox;
        this.receipts = receipts;
        this.json = json;
    }

    @Incoming("receipts")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return inbox.handle(records, CONSUMER, this::read, (tx, batch) -> receipts.apply(tx.connection(), batch));
    }

    private Receipt read(IncomingEvent event) {
        if (!ReceiptReceived.TYPE.equals(event.type())) {
            throw new PoisonEventException(ReceiptReceived.TOPIC + " carries " + ReceiptReceived.TYPE + " only, not " + event.type());
        }
        ReceiptReceived r = event.dataAs(ReceiptReceived.class, json);
        if (r.externalId() == null || r.status() == null || r.at() == null) {
            throw new PoisonEventException("ReceiptReceived without externalId, status or at");
        }
        return new Receipt(r.externalId(), r.messageId(), r.status(), r.at(), r.error());
    }
}
