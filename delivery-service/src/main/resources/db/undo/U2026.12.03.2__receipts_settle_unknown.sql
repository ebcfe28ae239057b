ALTER TABLE early_receipts DROP COLUMN IF EXISTS message_id;
