-- Right to erasure: the entries about an erased customer keep the facts (table, record, action, who,
-- when, from where) and lose their values. erased_subjects remembers whom, so that an entry arriving
-- after the erasure (audit.v1 and customer.events.v1 are read apart, in no order between them) is
-- stored without its values too.
CREATE TABLE erased_subjects (
    subject_id  UUID PRIMARY KEY,
    erased_at   TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the entries about one subject, whatever table they are of
CREATE INDEX idx_audit_logs_record_id ON audit_logs (record_id);
