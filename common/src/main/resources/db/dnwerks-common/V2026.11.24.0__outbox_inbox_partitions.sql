-- Transactional outbox: a change and its events commit together; the relay publishes them in
-- seq order and stamps sent_at. Rows are kept for a while for replay and diagnosis.
CREATE TABLE outbox (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             UUID         NOT NULL UNIQUE,
    topic          VARCHAR(200) NOT NULL,
    aggregate_type VARCHAR(100) NOT NULL,
    aggregate_id   VARCHAR(100) NOT NULL,
    event_type     VARCHAR(200) NOT NULL,
    payload        JSONB        NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at        TIMESTAMPTZ
);
-- the relay's only query: what is still to send, in order
CREATE INDEX idx_outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX idx_outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: one row per consumed event and consumer, written in the transaction of its effect.
CREATE TABLE processed_events (
    event_id     UUID         NOT NULL,
    consumer     VARCHAR(100) NOT NULL,
    event_type   VARCHAR(200) NOT NULL,
    effect       TEXT,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, consumer)
);
CREATE INDEX idx_processed_events_processed_at ON processed_events (processed_at);

-- Idempotency-Key on creating POSTs: the first answer is kept, so a retried request gets it back
-- instead of creating a second resource. Rows expire after a day (Housekeeping).
CREATE TABLE idempotency_keys (
    scope           VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at);

-- Time-ordered UUIDs (version 7) for ids made in bulk SQL: new rows land at the right edge of the
-- B-tree instead of splitting pages all over it (PostgreSQL 18 has uuidv7(); 17 does not).
CREATE OR REPLACE FUNCTION uuid_v7()
RETURNS uuid
LANGUAGE sql VOLATILE AS $fn$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                  PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                  FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$fn$;

-- Month partitions for the range-partitioned tables of a schema (campaign_messages, audit_logs).
-- The seed's version, schema-qualified, with month bounds in UTC and a lock so that two replicas
-- creating the same month do not collide. Returns the partition's name.
CREATE OR REPLACE FUNCTION create_monthly_partition(table_name text, start_date date)
RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
    month_start    date := date_trunc('month', start_date)::date;
    month_end      date := (date_trunc('month', start_date) + interval '1 month')::date;
    partition_name text := table_name || '_' || to_char(month_start, 'YYYY_MM');
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dnwerks-partition:' || current_schema() || '.' || table_name));
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                   current_schema(), partition_name, current_schema(), table_name,
                   month_start::text || ' 00:00:00+00', month_end::text || ' 00:00:00+00');
    RETURN partition_name;
END
$fn$;
