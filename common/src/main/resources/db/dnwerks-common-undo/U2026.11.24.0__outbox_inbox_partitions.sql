DROP FUNCTION IF EXISTS uuid_v7();
DROP FUNCTION IF EXISTS create_monthly_partition(text, date);
DROP TABLE IF EXISTS idempotency_keys;
DROP TABLE IF EXISTS processed_events;
DROP TABLE IF EXISTS outbox;
