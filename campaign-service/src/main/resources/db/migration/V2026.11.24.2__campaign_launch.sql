-- Launching: who the campaign goes to, when it went out, an optional template, the cancelled state
-- the seed lacks, and the progress delivery-service reports back.

ALTER TABLE campaigns
    ADD COLUMN audience    JSONB,
    ADD COLUMN template_id UUID REFERENCES message_templates (id),
    ADD COLUMN launched_at TIMESTAMPTZ,
    ADD COLUMN completed_at TIMESTAMPTZ,
    ADD CONSTRAINT ck_campaigns__audience CHECK (audience IS NULL OR jsonb_typeof(audience) = 'object');

ALTER TABLE campaigns DROP CONSTRAINT ck_campaigns__status;
ALTER TABLE campaigns ADD CONSTRAINT ck_campaigns__status
    CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'paused', 'cancelled'));

-- the scheduler's query: scheduled campaigns that are due
CREATE INDEX idx_campaigns_due ON campaigns (scheduled_at) WHERE status = 'scheduled';

-- The latest counts delivery-service reported for a campaign. Reports carry a sequence number:
-- an older or repeated report never overwrites a newer one.
CREATE TABLE campaign_progress (
    campaign_id UUID PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    report_seq  BIGINT      NOT NULL,
    total       INTEGER     NOT NULL DEFAULT 0,
    pending     INTEGER     NOT NULL DEFAULT 0,
    sent        INTEGER     NOT NULL DEFAULT 0,
    delivered   INTEGER     NOT NULL DEFAULT 0,
    failed      INTEGER     NOT NULL DEFAULT 0,
    bounced     INTEGER     NOT NULL DEFAULT 0,
    rejected    INTEGER     NOT NULL DEFAULT 0,
    audience_complete BOOLEAN NOT NULL DEFAULT false,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
