-- Real gateways (issue 10): which sender a campaign sends from, and the committed record that a
-- message is being handed over, so that after a crash a gateway without an idempotency key is not
-- asked twice.

-- the campaign's senderId as CampaignLaunched carried it; NULL: the default sender
ALTER TABLE delivery_campaigns ADD COLUMN sender_id VARCHAR(50);

-- set, and committed, right before a message goes to its gateway; cleared when the gateway's answer
-- says it was not taken. A pending message claimed with it set was handed over by a round that died
-- before recording the answer: under at-most-once it is recorded sent with its outcome unknown (and
-- never asked again); under at-least-once it is asked again under the same id.
ALTER TABLE campaign_messages ADD COLUMN handed_over_at TIMESTAMPTZ;

-- a sent message whose gateway answer was never recorded (see above) or never came (a time-out):
-- it may or may not have been texted. No rewrite: a constant default is kept in the catalogue.
ALTER TABLE campaign_messages ADD COLUMN outcome_unknown BOOLEAN NOT NULL DEFAULT false;
