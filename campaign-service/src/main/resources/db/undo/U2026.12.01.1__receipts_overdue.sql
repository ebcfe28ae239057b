ALTER TABLE campaign_progress DROP COLUMN IF EXISTS receipts_overdue;
