package io.dnwerks.audit.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One stored entry of the trail. audit_logs is append-only and partitioned, with inet, text[] and
 * jsonb columns, so it is read and written with SQL rather than mapped as an entity.
 */
public record AuditLog(UUID id, String service, String tableName, UUID recordId, String action, JsonNode oldValues,
                       JsonNode newValues, List<String> changedFields, UUID userId, OffsetDateTime timestamp,
                       String ipAddress, String userAgent) {
}
