ALTER TABLE delivery_campaigns DROP COLUMN IF EXISTS audience_updated_at;
