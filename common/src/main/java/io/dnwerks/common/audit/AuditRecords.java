package io.dnwerks.common.audit;

import java.util.List;

/**
 * The payload of {@code dnwerks.audit.AuditRecords.v1} on {@code audit.v1}: many records in one event,
 * for changes made in bulk (delivery records a million message status changes per million-recipient
 * campaign; one event each doubled what its outbox relay had to publish).
 */
public record AuditRecords(List<AuditRecord> records) {

    public static final String EVENT_TYPE = "dnwerks.audit.AuditRecords.v1";
}
