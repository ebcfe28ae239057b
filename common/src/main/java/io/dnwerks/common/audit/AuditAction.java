package io.dnwerks.common.audit;

/** The seed's audit_logs.action values. */
public enum AuditAction {
    INSERT, UPDATE, DELETE
}
