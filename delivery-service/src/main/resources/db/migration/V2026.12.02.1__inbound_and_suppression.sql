-- Lawful sending (issue 9): inbound SMS and their keywords, the suppression list dispatch checks at
-- send time, and with each message the recipient's zone and the consent it is sent under.

-- Every SMS a phone sent us. (provider, external_id) is the gateway's id for it: a webhook delivered
-- twice stores one row, so a STOP gets one confirmation however often the gateway retries. The reply
-- columns are the confirmation's own small outbox: sent by a loop, at most once per keyword message.
CREATE TABLE inbound_messages (
    id                UUID         PRIMARY KEY,
    provider          VARCHAR(50)  NOT NULL,
    external_id       VARCHAR(255) NOT NULL,
    from_number       VARCHAR(20)  NOT NULL,
    to_number         VARCHAR(20),
    body              TEXT         NOT NULL,
    keyword           VARCHAR(10),
    language          VARCHAR(10),
    received_at       TIMESTAMPTZ  NOT NULL,
    reply_text        TEXT,
    reply_status      VARCHAR(10),
    reply_attempts    INTEGER      NOT NULL DEFAULT 0,
    reply_due_at      TIMESTAMPTZ,
    reply_lease_until TIMESTAMPTZ,
    reply_external_id VARCHAR(255),
    replied_at        TIMESTAMPTZ,
    reply_error       TEXT,
    CONSTRAINT uq_inbound_messages_external UNIQUE (provider, external_id),
    CONSTRAINT ck_inbound_messages__from_number CHECK (from_number ~ '^\+[1-9][0-9]{1,14}$'),
    CONSTRAINT ck_inbound_messages__body CHECK (length(body) <= 1600),
    CONSTRAINT ck_inbound_messages__keyword CHECK (keyword IN ('opt-out', 'opt-in', 'help')),
    CONSTRAINT ck_inbound_messages__reply_status CHECK (reply_status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX idx_inbound_messages_from ON inbound_messages (from_number, received_at);
CREATE INDEX idx_inbound_messages_reply_due ON inbound_messages (reply_due_at) WHERE reply_status = 'pending';

-- What delivery knows of each number: whose it is, their language (for keyword replies) and whether
-- it may be texted. A row with suppressed_reason set is on the suppression list: fed by customer
-- events (consent, do-not-contact, deletion) and by STOP straight from the inbound path, so that a
-- number that matches no customer is suppressed too. suppression_source and suppression_changed_at
-- are those of the last change that decided the row's state: a change older than a suppression does
-- not lift it, and what a STOP suppressed only a START or an explicit consent does.
CREATE TABLE recipients (
    phone              VARCHAR(20) PRIMARY KEY,
    customer_id        UUID,
    preferred_language VARCHAR(10),
    suppressed_reason  VARCHAR(20),
    suppression_source     VARCHAR(50) NOT NULL,
    suppression_changed_at TIMESTAMPTZ NOT NULL,
    inbound_message_id UUID,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ck_recipients__suppressed_reason CHECK (suppressed_reason IN ('opted-out', 'do-not-contact', 'deleted'))
);
CREATE INDEX idx_recipients_customer ON recipients (customer_id);

-- the recipient's own zone (as the customer set it; the seed's default UTC counts as unknown) for
-- quiet hours, and the consent the message was sent under, so that each text can be traced to it
ALTER TABLE campaign_messages ADD COLUMN timezone VARCHAR(50);
ALTER TABLE campaign_messages ADD COLUMN consent_given_at TIMESTAMPTZ;
ALTER TABLE campaign_messages ADD COLUMN consent_source VARCHAR(50);

-- a message waiting for its recipient's sending window (or frequency cap) stays pending with
-- next_retry_at at the opening, costing no retry; waiting_for says why ('quiet-hours',
-- 'frequency-cap'), for the stats. No CHECK: on a partitioned table of millions of messages adding
-- one scans every partition under an exclusive lock, which would stop dispatch during the upgrade.
ALTER TABLE campaign_messages ADD COLUMN waiting_for VARCHAR(20);

-- Messages may now wait for hours (quiet hours, the frequency cap, a local send time): the claim must
-- find a campaign's due messages without walking the waiting ones, and pick only campaigns that have
-- one (walking them was a scan of every waiting message per claim, five times a second). It costs
-- fan-out an index entry per message; coalesce makes "never deferred" (NULL) and "due" one range.
CREATE INDEX idx_campaign_messages_due ON campaign_messages (campaign_id, (coalesce(next_retry_at, '-infinity'::timestamptz)))
    WHERE status = 'pending';

-- the campaign's own sending rules, as CampaignLaunched carries them
ALTER TABLE delivery_campaigns ADD COLUMN sending_window VARCHAR(100);
ALTER TABLE delivery_campaigns ADD COLUMN send_at_local_time TIMESTAMP;
ALTER TABLE delivery_campaigns ADD COLUMN deadline TIMESTAMPTZ;

-- The frequency cap's ledger: one row per campaign message handed to a gateway, kept for the cap's
-- window (24 h). A slot is taken right before the hand-over, under a per-number advisory lock, so two
-- replicas cannot both take the last one; a message the gateway did not accept gives its slot back.
CREATE TABLE recipient_sends (
    message_id UUID        PRIMARY KEY,
    phone      VARCHAR(20) NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_recipient_sends_phone ON recipient_sends (phone, sent_at);
