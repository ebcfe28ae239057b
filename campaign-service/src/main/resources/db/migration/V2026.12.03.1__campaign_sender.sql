-- Real gateways (issue 10): the sender a campaign's texts come from (an id delivery-service's
-- GET /api/v1/senders lists); NULL sends from the default sender.
ALTER TABLE campaigns ADD COLUMN sender_id VARCHAR(50);
