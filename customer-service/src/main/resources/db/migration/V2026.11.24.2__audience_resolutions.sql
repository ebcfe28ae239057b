-- A launched campaign's audience is written as AudienceBatches a chunk (dnwerks.audience.chunk-batches)
-- at a time, each chunk its own transaction, so that the first batches reach delivery while the rest
-- are still being resolved: one statement for a million recipients held every batch back for 8 s.
-- This row is the resolution's cursor, moved in the transaction that writes each chunk, so a
-- resolution whose service stopped half-way is finished by whichever replica looks next, with no
-- batch written twice or skipped.
CREATE TABLE audience_resolutions (
    campaign_id        UUID        PRIMARY KEY,
    audience           JSONB       NOT NULL, -- CampaignLaunched's audience: all, tagIds, customerIds
    campaign           JSONB       NOT NULL, -- the campaign's settings, carried by every batch
    up_to_id           UUID,                 -- customers created after the launch are not part of it (ids grow with time)
    after_id           UUID,                 -- the last customer written so far
    next_batch_no      INTEGER     NOT NULL DEFAULT 0,
    recipients_written INTEGER     NOT NULL DEFAULT 0,
    batch_count        INTEGER     NOT NULL, -- as counted at the launch; the last batch carries the exact count
    recipient_count    INTEGER     NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at            TIMESTAMPTZ
);
CREATE INDEX idx_audience_resolutions_open ON audience_resolutions (created_at) WHERE done_at IS NULL;
