-- Consent you can prove (issue 9): every ledger line can carry what it was given or withdrawn
-- through (the inbound SMS of a STOP, a form's URL, the requester's IP, the text they were shown),
-- and the customer row keeps the source of the SMS consent in force, which audience batches carry to
-- delivery-service so that each message can be traced to the consent it was sent under.
ALTER TABLE customers ADD COLUMN consent_source VARCHAR(50);
ALTER TABLE consent_events ADD COLUMN inbound_message_id UUID;
ALTER TABLE consent_events ADD COLUMN proof JSONB;
ALTER TABLE consent_events ADD CONSTRAINT ck_consent_events__proof CHECK (proof IS NULL OR jsonb_typeof(proof) = 'object');
-- a keyword redelivered (or replayed) must not add a second ledger line for the same SMS
CREATE UNIQUE INDEX uq_consent_events_inbound ON consent_events (inbound_message_id, channel) WHERE inbound_message_id IS NOT NULL;

-- customers who consented before this version: their source is the ledger's latest SMS grant
UPDATE customers c SET consent_source = e.source
FROM (SELECT DISTINCT ON (customer_id) customer_id, source FROM consent_events
      WHERE channel = 'sms' AND granted ORDER BY customer_id, occurred_at DESC) e
WHERE c.id = e.customer_id AND c.sms_consent;
