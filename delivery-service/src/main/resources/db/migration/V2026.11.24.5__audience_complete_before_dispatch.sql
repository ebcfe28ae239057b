-- A campaign is dispatched once its whole audience has been fanned out: fan-out then has the
-- database to itself instead of competing with the campaign's own sends and receipts (at a million
-- recipients that competition tripled the time to create the messages). audience_updated_at, set
-- when a fold counts new audience batches, lets a campaign start anyway once no batch has come for
-- a while, so one batch lost to the DLQ cannot hold the rest back for good.
ALTER TABLE delivery_campaigns ADD COLUMN audience_updated_at TIMESTAMPTZ;
UPDATE delivery_campaigns SET audience_updated_at = updated_at WHERE batches_received > 0;
