-- A receipt can overtake the record of its send: the gateway answers a batch and sends the first
-- receipts while dispatch is still storing that batch's external ids. Not every gateway retries a
-- receipt we could not place, so such a receipt waits here and is applied once its message is
-- known (EarlyReceipts); one that never matches expires.
CREATE TABLE early_receipts (
    external_id VARCHAR(255) PRIMARY KEY,
    status      VARCHAR(50)  NOT NULL,
    at          TIMESTAMPTZ  NOT NULL,
    error       TEXT,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT ck_early_receipts__status CHECK (status IN ('delivered', 'failed', 'bounced', 'rejected'))
);
CREATE INDEX idx_early_receipts_received_at ON early_receipts (received_at);
