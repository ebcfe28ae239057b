package io.dnwerks.audit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.audit.repository.AuditLogRepository;
import io.dnwerks.common.audit.AuditRecord;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.BatchInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Stores every AuditRecord from audit.v1 once, however often Kafka delivers it. Records come a poll at
 * a time and are stored with one statement per poll: a campaign writes two audit records per message.
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
        return inbox.handle(records, CONSUMER, this::read, auditLogs::insertAll);
    }

    private AuditRecord read(IncomingEvent event) {
        if (!AuditRecord.EVENT_TYPE.equals(event.type())) {
            throw new PoisonEventException("audit.v1 carries AuditRecords only, not " + event.type());
        }
        AuditRecord r = event.dataAs(AuditRecord.class, json);
        if (r.id() == null || r.tableName() == null || r.recordId() == null || r.action() == null
                || r.userId() == null || r.occurredAt() == null) {
            throw new PoisonEventException("AuditRecord lacks id, tableName, recordId, action, userId or occurredAt");
        }
        return r;
    }
}
