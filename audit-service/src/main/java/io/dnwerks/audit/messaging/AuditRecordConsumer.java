package io.dnwerks.audit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.audit.repository.AuditLogRepository;
import io.dnwerks.common.audit.AuditRecord;
import io.dnwerks.common.audit.AuditRecords;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;


/**
 * Stores every AuditRecord from audit.v1 once, however often Kafka delivers it: one per
 * AuditRecord event, many per AuditRecords event (bulk changes, such as a campaign's message
 * statuses). Events come a poll at a time and their records are stored with one statement per poll.
 */
@ApplicationScoped
public class AuditRecordConsumer {

    static final String CONSUMER = "audit-log-writer";

    private final BatchInbox inbox;
    private final AuditLogRepository auditLogs;
    private final ObjectMapper json;

    public AuditRecordConsumer(BatchInbox inbox, AuditLogRepository auditLogs, ObjectMapper json) {
        this.inbox = inbox;
        this.auditLogs = auditLogs;
        this.json = json;
    }

    @Incoming("audit-records")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return inbox.handle(records, CONSUMER, this::read,
                (tx, events) -> auditLogs.insertAll(tx.connection(), events.stream().flatMap(List::stream).toList()));
    }

    private List<AuditRecord> read(IncomingEvent event) {
        List<AuditRecord> records;
        if (AuditRecord.EVENT_TYPE.equals(event.type())) {
            records = List.of(event.dataAs(AuditRecord.class, json));
        } else if (AuditRecords.EVENT_TYPE.equals(event.type())) {
            records = event.dataAs(AuditRecords.class, json).records();
            if (records == null) {
                throw new PoisonEventException("AuditRecords without records");
            }
        } else {
            throw new PoisonEventException("audit.v1 carries AuditRecord and AuditRecords only, not " + event.type());
        }
        for (AuditRecord r : records) {
            if (r == null || r.id() == null || r.tableName() == null || r.recordId() == null || r.action() == null
                    || r.userId() == null || r.occurredAt() == null) {
                throw new PoisonEventException("AuditRecord lacks id, tableName, recordId, action, userId or occurredAt");
            }
        }
        return records;
    }
}
