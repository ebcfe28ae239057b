-- Events Kafka refuses for good (larger than it takes, a topic name it cannot have) are moved here by
-- the relay, with the reason, so that one of them does not hold back every event after it. They stay
-- until an operator deals with them: fix the cause and put the row back into outbox (README,
-- "Parked events"), or delete it. Nothing trims this table.
CREATE TABLE outbox_parked (
    seq            BIGINT       PRIMARY KEY,   -- its place in the outbox, kept for re-queueing in order
    id             UUID         NOT NULL UNIQUE,
    topic          VARCHAR(200) NOT NULL,
    aggregate_type VARCHAR(100) NOT NULL,
    aggregate_id   VARCHAR(100) NOT NULL,
    event_type     VARCHAR(200) NOT NULL,
    payload        JSON         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    parked_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    reason         TEXT         NOT NULL
);
