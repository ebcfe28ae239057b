DROP INDEX IF EXISTS idx_audit_logs_record_id;
DROP TABLE IF EXISTS erased_subjects;
