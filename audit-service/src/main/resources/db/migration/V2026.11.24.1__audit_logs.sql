-- The seed's audit_logs, range-partitioned by month on its timestamp. PostgreSQL wants the
-- partition key in every unique index, so the primary key is (id, timestamp); the id alone stays
-- unique in practice because consumers store a record once (inbox) and ids are generated UUIDs.
CREATE TABLE audit_logs (
    id             UUID        NOT NULL,
    service        VARCHAR(50),
    table_name     VARCHAR(50) NOT NULL,
    record_id      UUID        NOT NULL,
    action         VARCHAR(20) NOT NULL,
    old_values     JSONB,
    new_values     JSONB,
    changed_fields TEXT[],
    user_id        UUID        NOT NULL,
    "timestamp"    TIMESTAMPTZ NOT NULL DEFAULT now(),
    ip_address     INET,
    user_agent     TEXT,
    PRIMARY KEY (id, "timestamp"),
    CONSTRAINT ck_audit_logs__action CHECK (action IN ('INSERT', 'UPDATE', 'DELETE'))
) PARTITION BY RANGE ("timestamp");

-- rows outside the months created ahead still have a home
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;

CREATE INDEX idx_audit_logs_table_record ON audit_logs (table_name, record_id);
CREATE INDEX idx_audit_logs_user_id ON audit_logs (user_id);
CREATE INDEX idx_audit_logs_timestamp ON audit_logs ("timestamp");

SELECT create_monthly_partition('audit_logs', current_date);
SELECT create_monthly_partition('audit_logs', (current_date + interval '1 month')::date);
