DROP TABLE IF EXISTS campaign_progress;
DROP INDEX IF EXISTS idx_campaigns_due;
-- campaigns cancelled since cannot go back under the seed's states: they become paused
UPDATE campaigns SET status = 'paused' WHERE status = 'cancelled';
ALTER TABLE campaigns DROP CONSTRAINT ck_campaigns__status;
ALTER TABLE campaigns ADD CONSTRAINT ck_campaigns__status
    CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'paused'));
ALTER TABLE campaigns
    DROP CONSTRAINT IF EXISTS ck_campaigns__audience,
    DROP COLUMN IF EXISTS completed_at,
    DROP COLUMN IF EXISTS launched_at,
    DROP COLUMN IF EXISTS template_id,
    DROP COLUMN IF EXISTS audience;
