DROP TRIGGER IF EXISTS trg_campaign_messages_keep_launch_time ON campaign_messages;
DROP TRIGGER IF EXISTS trg_delivery_campaigns_keep_launch_time ON delivery_campaigns;
DROP FUNCTION IF EXISTS keep_launch_time();
DROP TRIGGER IF EXISTS trg_campaign_messages_pinned_to_launch ON campaign_messages;
DROP FUNCTION IF EXISTS campaign_messages_pinned_to_launch();
CREATE INDEX IF NOT EXISTS idx_campaign_messages_next_retry ON campaign_messages (next_retry_at) WHERE status = 'pending';
ALTER TABLE campaign_messages ADD CONSTRAINT fk_campaign_messages_campaign FOREIGN KEY (campaign_id, created_at)
    REFERENCES delivery_campaigns (campaign_id, launched_at) ON DELETE CASCADE;
