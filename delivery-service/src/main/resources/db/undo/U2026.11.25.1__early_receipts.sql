DROP TABLE IF EXISTS early_receipts;
