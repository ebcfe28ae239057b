-- delivery-service's part of the seed: one message per recipient and campaign, partitioned by month.
--
-- PostgreSQL wants the partition key in every unique index of a partitioned table. Two uniques of
-- the seed are designed around that:
--  * one message per customer per campaign: every message of a campaign carries the campaign's
--    launch time as created_at (the partition key), enforced by the foreign key to
--    delivery_campaigns (campaign_id, launched_at); so UNIQUE (campaign_id, customer_id, created_at)
--    means exactly UNIQUE (campaign_id, customer_id), and a campaign's messages share one partition.
--  * external_id unique: kept in message_external_ids, a plain table keyed by external_id, which is
--    also how a delivery receipt finds its message without searching every partition.
-- The seed's CHECK "valid_customer" (a subquery on customers) cannot exist in PostgreSQL, and
-- customers live in another service's schema anyway: delivery excludes deleted and opted-out
-- customers when the audience is resolved and checks opt-outs again at send time.

-- What delivery knows of a launched campaign.
CREATE TABLE delivery_campaigns (
    campaign_id         UUID PRIMARY KEY,
    launched_at         TIMESTAMPTZ NOT NULL,
    status              VARCHAR(20) NOT NULL DEFAULT 'sending',
    max_retries         INTEGER     NOT NULL DEFAULT 3,
    retry_delay_minutes INTEGER     NOT NULL DEFAULT 15,
    priority            INTEGER     NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_delivery_campaigns_launch UNIQUE (campaign_id, launched_at),
    CONSTRAINT ck_delivery_campaigns__status CHECK (status IN ('sending', 'paused', 'cancelled', 'completed'))
);

CREATE TABLE campaign_messages (
    id              UUID        NOT NULL,
    campaign_id     UUID        NOT NULL,
    customer_id     UUID        NOT NULL,
    phone_number    VARCHAR(20) NOT NULL,
    message_content TEXT        NOT NULL,
    status          VARCHAR(50) NOT NULL DEFAULT 'pending',
    error_message   TEXT,
    external_id     VARCHAR(255),
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    delivered_at    TIMESTAMPTZ,
    retry_count     INTEGER     NOT NULL DEFAULT 0,
    next_retry_at   TIMESTAMPTZ,
    PRIMARY KEY (id, created_at),
    CONSTRAINT uq_campaign_messages_recipient UNIQUE (campaign_id, customer_id, created_at),
    CONSTRAINT fk_campaign_messages_campaign FOREIGN KEY (campaign_id, created_at)
        REFERENCES delivery_campaigns (campaign_id, launched_at) ON DELETE CASCADE,
    CONSTRAINT ck_campaign_messages__status CHECK (status IN ('pending', 'sent', 'delivered', 'failed', 'bounced', 'rejected')),
    CONSTRAINT ck_campaign_messages__phone_number CHECK (phone_number ~ '^\+[1-9][0-9]{1,14}$'),
    CONSTRAINT ck_campaign_messages__message_content CHECK (length(message_content) BETWEEN 1 AND 1600),
    CONSTRAINT ck_campaign_messages__retry_count CHECK (retry_count >= 0)
) PARTITION BY RANGE (created_at);

CREATE TABLE campaign_messages_default PARTITION OF campaign_messages DEFAULT;

-- The seed's idx_campaign_messages_campaign_id is the prefix of the unique constraint above and
-- would only slow inserts; idx_campaign_messages_status becomes (campaign_id, status), which is what
-- listing a campaign's messages by status needs.
CREATE INDEX idx_campaign_messages_customer_id ON campaign_messages (customer_id);
CREATE INDEX idx_campaign_messages_status ON campaign_messages (campaign_id, status);
-- retries wait as 'pending' with next_retry_at set; 'failed' is final in dnwerks
CREATE INDEX idx_campaign_messages_next_retry ON campaign_messages (next_retry_at) WHERE status = 'pending';

CREATE TABLE message_external_ids (
    external_id VARCHAR(255) PRIMARY KEY,
    message_id  UUID        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_message_external_ids_message ON message_external_ids (message_id);

SELECT create_monthly_partition('campaign_messages', current_date);
SELECT create_monthly_partition('campaign_messages', (current_date + interval '1 month')::date);
