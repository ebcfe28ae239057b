ALTER TABLE delivery_campaigns DROP COLUMN IF EXISTS receipts_overdue;
