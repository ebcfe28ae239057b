-- The outbox keeps each event's body as the text the relay will publish. As jsonb it was parsed on
-- the way in, printed again on the way out, and compressed when large (an AudienceBatch is about
-- 150 kB): a chunk of 50 AudienceBatches cost 300 ms to write and 47 ms to read back as jsonb, and
-- 110 ms and 24 ms as json stored uncompressed. Nothing queries inside a payload; json still
-- checks that each one is valid JSON.
ALTER TABLE outbox ALTER COLUMN payload TYPE json USING payload::json;
ALTER TABLE outbox ALTER COLUMN payload SET STORAGE EXTERNAL;
