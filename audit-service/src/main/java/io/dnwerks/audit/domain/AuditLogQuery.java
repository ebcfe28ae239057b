package io.dnwerks.audit.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters of the trail, all optional, and the position after which the page starts (newest first). */
public record AuditLogQuery(String table, UUID recordId, UUID userId, OffsetDateTime from, OffsetDateTime to,
                            OffsetDateTime beforeTimestamp, UUID beforeId, int limit) {
}
