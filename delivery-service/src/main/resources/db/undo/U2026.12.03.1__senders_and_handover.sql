ALTER TABLE campaign_messages DROP COLUMN IF EXISTS outcome_unknown;
ALTER TABLE campaign_messages DROP COLUMN IF EXISTS handed_over_at;
ALTER TABLE delivery_campaigns DROP COLUMN IF EXISTS sender_id;
