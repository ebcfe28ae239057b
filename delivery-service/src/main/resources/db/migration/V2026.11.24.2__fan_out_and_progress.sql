-- Fan-out and progress: what delivery keeps of a campaign (its text, retry policy, state), which
-- audience batches arrived, message counts kept in step with every change, and the lease a
-- dispatcher holds on a message it is sending.

ALTER TABLE delivery_campaigns
    ADD COLUMN name                   VARCHAR(255),
    ADD COLUMN message_template       TEXT,
    ADD COLUMN timezone               VARCHAR(50) NOT NULL DEFAULT 'UTC',
    ADD COLUMN batch_count            INTEGER,
    ADD COLUMN batches_received       INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN total                  INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN pending                INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN sent                   INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN delivered              INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN failed                 INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN bounced                INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN rejected               INTEGER     NOT NULL DEFAULT 0,
    -- bumped by every change of the counts; progress is published while it is ahead of what was
    ADD COLUMN progress_seq           BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN progress_published_seq BIGINT      NOT NULL DEFAULT 0;

CREATE INDEX idx_delivery_campaigns_progress ON delivery_campaigns (campaign_id) WHERE progress_seq > progress_published_seq;

CREATE TABLE audience_batches (
    campaign_id UUID        NOT NULL REFERENCES delivery_campaigns (campaign_id) ON DELETE CASCADE,
    batch_no    INTEGER     NOT NULL,
    recipients  INTEGER     NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, batch_no)
);

ALTER TABLE campaign_messages ADD COLUMN lease_until TIMESTAMPTZ;
