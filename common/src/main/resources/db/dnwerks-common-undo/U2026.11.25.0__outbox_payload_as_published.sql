-- json takes a few texts jsonb refuses (a \u0000 escape): should the cast fail, delete those rows
-- (published ones are only kept for diagnosis) and run this again
ALTER TABLE outbox ALTER COLUMN payload SET STORAGE EXTENDED;
ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
