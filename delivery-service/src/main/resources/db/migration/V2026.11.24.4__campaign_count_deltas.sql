-- Every statement that moves messages (fan-out, sent, retry, rejected, receipts) also moved its
-- campaign's counts in delivery_campaigns: one row per campaign, so all of them queued on that row's
-- lock until commit (in the 100,000-recipient benchmark a receipt batch of ~380 took 177 ms, most of
-- it waiting). They now append their deltas here, which takes no shared lock, and the progress
-- reporter folds the deltas into delivery_campaigns a few times a second in one statement, in the
-- same transaction as it publishes the new counts. Readers wanting exact counts between two folds
-- add the campaign's unfolded deltas.
CREATE TABLE campaign_count_deltas (
    campaign_id UUID    NOT NULL,
    batches     INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL DEFAULT 0,
    pending     INTEGER NOT NULL DEFAULT 0,
    sent        INTEGER NOT NULL DEFAULT 0,
    delivered   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    bounced     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
);
