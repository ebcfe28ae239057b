package io.dnwerks.audit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.audit.repository.AuditLogRepository;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.dnwerks.contracts.customer.CustomerErased;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Objects;

/**
 * Erases the values of the audit entries about a customer customer-service erased (CustomerErased on
 * customer.events.v1; every other event there is passed over), a poll at a time in one statement.
 */
@ApplicationScoped
public class CustomerErasureConsumer {

    static final String CONSUMER = "audit-erasure";

    private final BatchInbox inbox;
    private final AuditLogRepository auditLogs;
    private final ObjectMapper json;

    public CustomerErasureConsumer(BatchInbox inbox, AuditLogRepository auditLogs, ObjectMapper json) {
        this.inbox = inbox;
        this.auditLogs = auditLogs;
        this.json = json;
    }

    @Incoming("customer-events")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return inbox.handle(records, CONSUMER, this::read, (tx, erased) -> {
            List<CustomerErased> all = erased.stream().filter(Objects::nonNull).toList();
            return auditLogs.erase(tx.connection(), all.stream().map(CustomerErased::customerId).toList(),
                    all.stream().map(CustomerErased::erasedAt).toList());
        });
    }

    private CustomerErased read(IncomingEvent event) {
        if (!CustomerErased.TYPE.equals(event.type())) {
            return null;
        }
        CustomerErased e = event.dataAs(CustomerErased.class, json);
        if (e.customerId() == null || e.erasedAt() == null) {
            throw new PoisonEventException(event.type() + " without customerId or erasedAt");
        }
        return e;
    }
}
