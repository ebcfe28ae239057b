-- Who holds a message's lease. Every update after a send names the round that claimed the message,
-- so a round that outlived its lease (a slow gateway) cannot record over a round that claimed the
-- message after it; and the claim, which looks only at lease_until, is the one place a message
-- changes hands. Nullable and without a default: adding it rewrites no partition.
ALTER TABLE campaign_messages ADD COLUMN lease_owner UUID;
