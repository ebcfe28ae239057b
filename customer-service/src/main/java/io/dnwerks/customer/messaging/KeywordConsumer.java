package io.dnwerks.customer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.contracts.delivery.KeywordReceived;
import io.dnwerks.customer.service.ConsentService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** SMS opt-outs and opt-ins that delivery-service received become lines of the consent ledger. */
@ApplicationScoped
public class KeywordConsumer {

    public static final String CONSUMER = "sms-keywords";

    private final BatchInbox inbox;
    private final ConsentService consent;
    private final ObjectMapper json;

    public KeywordConsumer(BatchInbox inbox, ConsentService consent, ObjectMapper json) {
        this.inbox = inbox;
        this.consent = consent;
        this.json = json;
    }

    @Incoming("sms-keywords")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        // delivery.events.v1 carries an event per message change: a poll at a time, the few keywords picked by type header
        return inbox.handleEach(records, CONSUMER, Set.of(KeywordReceived.OPT_OUT, KeywordReceived.OPT_IN), this::apply);
    }

    private Uni<String> apply(Tx tx, IncomingEvent event) {
        KeywordReceived keyword = event.dataAs(KeywordReceived.class, json);
        if (keyword.inboundMessageId() == null || keyword.phone() == null) {
            throw new PoisonEventException(event.type() + " without inboundMessageId or phone");
        }
        return consent.applyKeyword(tx, keyword, KeywordReceived.OPT_IN.equals(event.type()));
    }
}
