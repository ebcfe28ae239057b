-- Gateways and carriers often never send some receipts. A message sent longer ago than the receipt
-- deadline without one is counted here: it stays 'sent' (nobody knows more), but its campaign can
-- complete, and reports show how many such messages it has. Kept by ReceiptDeadline.
ALTER TABLE delivery_campaigns ADD COLUMN receipts_overdue INTEGER NOT NULL DEFAULT 0;
