-- delivery-service reports the sent messages whose receipt is overdue; a campaign whose only
-- unfinished messages are those is complete.
ALTER TABLE campaign_progress ADD COLUMN receipts_overdue INTEGER NOT NULL DEFAULT 0;
