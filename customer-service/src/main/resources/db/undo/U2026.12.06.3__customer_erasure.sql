-- erased customers cannot get their numbers back: the undo needs there to be none
ALTER TABLE customers DROP CONSTRAINT IF EXISTS ck_customers__erased_at;
ALTER TABLE customers ALTER COLUMN phone SET NOT NULL;
ALTER TABLE customers DROP COLUMN IF EXISTS phone_hash;
ALTER TABLE customers DROP COLUMN IF EXISTS erased_at;
