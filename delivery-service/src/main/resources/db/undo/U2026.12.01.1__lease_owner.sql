ALTER TABLE campaign_messages DROP COLUMN IF EXISTS lease_owner;
