-- A receipt that carries our message id (gateways that call back the URL we gave them: Twilio-style,
-- Kannel) settles a message whose send answer was lost. If it comes while its message is still
-- waiting to be recorded sent with its outcome unknown, it is parked with that id and applied once
-- the message is (see EarlyReceipts). NULL: the gateway gave no id of ours.
ALTER TABLE early_receipts ADD COLUMN message_id UUID;
