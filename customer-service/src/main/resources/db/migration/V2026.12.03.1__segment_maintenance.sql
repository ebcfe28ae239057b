-- Segment memberships kept current (issue 11). Every statement that writes customers or
-- customer_tags queues the customers it touched in segment_pending, in its own transaction, by
-- statement-level triggers: nothing that changes a customer (the API, a STOP keyword, an import, a
-- bulk tagging, a statement typed by an operator) can forget to. SegmentMaintenance then takes the
-- queue a batch at a time and re-evaluates only those customers against every segment.
CREATE TABLE segment_pending (
    customer_id UUID PRIMARY KEY,
    queued_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the upkeep takes the queue in (queued_at, customer_id) order from where its last round ended: a
-- queue drained from its head by DELETE leaves dead index entries there, which every round that
-- started from the head again would walk (a million queued took 92 s to drain, not 1)
CREATE INDEX idx_segment_pending_order ON segment_pending (queued_at, customer_id);

-- DO UPDATE, not DO NOTHING: it locks a queued row that a maintenance round has not claimed yet, so
-- the round skips it (SKIP LOCKED) until this change commits instead of evaluating the customer as
-- they were before it; DISTINCT because DO UPDATE may touch a row only once per statement, ordered
-- so that two bulk writers lock queue rows in one order.
CREATE FUNCTION queue_for_segments() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'customers' THEN
        INSERT INTO segment_pending (customer_id)
        SELECT DISTINCT id FROM changed ORDER BY id
        ON CONFLICT (customer_id) DO UPDATE SET queued_at = excluded.queued_at;
    ELSE
        INSERT INTO segment_pending (customer_id)
        SELECT DISTINCT customer_id FROM changed ORDER BY customer_id
        ON CONFLICT (customer_id) DO UPDATE SET queued_at = excluded.queued_at;
    END IF;
    RETURN NULL;
END
$$;

-- a trigger with transition tables takes one event, hence three per table
CREATE TRIGGER trg_customers_inserted_segments AFTER INSERT ON customers
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION queue_for_segments();
CREATE TRIGGER trg_customers_updated_segments AFTER UPDATE ON customers
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION queue_for_segments();
CREATE TRIGGER trg_customers_deleted_segments AFTER DELETE ON customers
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION queue_for_segments();
CREATE TRIGGER trg_customer_tags_inserted_segments AFTER INSERT ON customer_tags
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION queue_for_segments();
CREATE TRIGGER trg_customer_tags_updated_segments AFTER UPDATE ON customer_tags
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION queue_for_segments();
CREATE TRIGGER trg_customer_tags_deleted_segments AFTER DELETE ON customer_tags
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION queue_for_segments();

-- Segments whose conditions compare with today (within N days, birthdays, age) change with no
-- customer changing: they are refreshed on a schedule, the oldest refresh first.
ALTER TABLE customer_segments ADD COLUMN relative_to_time BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE customer_segments ADD COLUMN refreshed_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX idx_customer_segments_time_refresh ON customer_segments (refreshed_at) WHERE relative_to_time;
