package io.dnwerks.audit.service;

import io.dnwerks.audit.domain.AuditLog;
import io.dnwerks.audit.domain.AuditLogQuery;
import io.dnwerks.audit.repository.AuditLogRepository;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.Cursors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

@ApplicationScoped
public class AuditLogService {

    private final AuditLogRepository auditLogs;

    public AuditLogService(AuditLogRepository auditLogs) {
        this.auditLogs = auditLogs;
    }

    public Uni<CursorPage<AuditLog>> search(String table, UUID recordId, UUID userId, OffsetDateTime from, OffsetDateTime to,
                                            Integer limit, String cursor) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("to", "must be after from");
        }
        int size = CursorPage.clamp(limit);
        OffsetDateTime beforeTs = null;
        UUID beforeId = null;
        String position = Cursors.decode(cursor);
        if (position != null) {
            String[] parts = position.split("\\|", 2);
            try {
                beforeTs = OffsetDateTime.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ApiException.invalid("cursor", "is not a cursor this API issued");
            }
        }
        AuditLogQuery query = new AuditLogQuery(table, recordId, userId, from, to, beforeTs, beforeId, size);
        return auditLogs.find(query).map(rows -> CursorPage.of(rows, size, r -> r,
                r -> Cursors.encode(r.timestamp() + "|" + r.id())));
    }
}
