package io.dnwerks.common.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@code dnwerks.audit.AuditRecord.v1} on {@code audit.v1}: one change to one record,
 * with the values before and after, what changed, and who changed it from where.
 */
public record AuditRecord(
        UUID id,
        String service,
        String tableName,
        UUID recordId,
        AuditAction action,
        JsonNode oldValues,
        JsonNode newValues,
        List<String> changedFields,
        UUID userId,
        String ipAddress,
        String userAgent,
        OffsetDateTime occurredAt) {

    public static final String EVENT_TYPE = "dnwerks.audit.AuditRecord.v1";
}
