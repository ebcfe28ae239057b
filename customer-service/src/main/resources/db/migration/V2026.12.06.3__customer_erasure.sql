-- Right to erasure (GDPR Art. 17): an erased customer keeps their row (id, dates, consent flags) and
-- their consent ledger, so that an opt-out can still be proven and the record stays deleted, and loses
-- all that identifies them; their phone number is kept only as a keyed hash.
ALTER TABLE customers ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE customers ADD COLUMN phone_hash VARCHAR(64);
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;
-- a number is missing exactly when the customer was erased, and an erased customer is deleted
ALTER TABLE customers ADD CONSTRAINT ck_customers__erased_at
    CHECK ((phone IS NULL) = (erased_at IS NOT NULL) AND (erased_at IS NULL OR deleted_at IS NOT NULL));
