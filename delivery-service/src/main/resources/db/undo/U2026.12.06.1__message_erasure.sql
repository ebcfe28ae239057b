-- erased messages cannot get their numbers and texts back: the undo needs there to be none
ALTER TABLE campaign_messages DROP CONSTRAINT IF EXISTS ck_campaign_messages__erased_at;
ALTER TABLE campaign_messages ALTER COLUMN message_content SET NOT NULL;
ALTER TABLE campaign_messages ALTER COLUMN phone_number SET NOT NULL;
ALTER TABLE campaign_messages DROP COLUMN IF EXISTS erased_at;
