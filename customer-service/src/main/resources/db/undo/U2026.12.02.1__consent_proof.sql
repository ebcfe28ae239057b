DROP INDEX IF EXISTS uq_consent_events_inbound;
ALTER TABLE consent_events DROP CONSTRAINT IF EXISTS ck_consent_events__proof;
ALTER TABLE consent_events DROP COLUMN IF EXISTS proof;
ALTER TABLE consent_events DROP COLUMN IF EXISTS inbound_message_id;
ALTER TABLE customers DROP COLUMN IF EXISTS consent_source;
