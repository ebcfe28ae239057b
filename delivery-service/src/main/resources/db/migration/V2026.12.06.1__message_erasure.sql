-- Right to erasure: an erased customer's messages keep the facts (campaign, customer id, status,
-- times, error, external id) and lose their phone number and rendered text, which name the person.
ALTER TABLE campaign_messages ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE campaign_messages ALTER COLUMN phone_number DROP NOT NULL;
ALTER TABLE campaign_messages ALTER COLUMN message_content DROP NOT NULL;
-- nothing is missing but by an erasure
ALTER TABLE campaign_messages ADD CONSTRAINT ck_campaign_messages__erased_at
    CHECK ((erased_at IS NULL) = (phone_number IS NOT NULL AND message_content IS NOT NULL));
