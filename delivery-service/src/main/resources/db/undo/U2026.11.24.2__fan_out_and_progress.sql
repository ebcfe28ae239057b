ALTER TABLE campaign_messages DROP COLUMN IF EXISTS lease_until;
DROP TABLE IF EXISTS audience_batches;
DROP INDEX IF EXISTS idx_delivery_campaigns_progress;
ALTER TABLE delivery_campaigns
    DROP COLUMN IF EXISTS progress_published_seq,
    DROP COLUMN IF EXISTS progress_seq,
    DROP COLUMN IF EXISTS rejected,
    DROP COLUMN IF EXISTS bounced,
    DROP COLUMN IF EXISTS failed,
    DROP COLUMN IF EXISTS delivered,
    DROP COLUMN IF EXISTS sent,
    DROP COLUMN IF EXISTS pending,
    DROP COLUMN IF EXISTS total,
    DROP COLUMN IF EXISTS batches_received,
    DROP COLUMN IF EXISTS batch_count,
    DROP COLUMN IF EXISTS timezone,
    DROP COLUMN IF EXISTS message_template,
    DROP COLUMN IF EXISTS name;
