DROP INDEX IF EXISTS idx_customers_country;
ALTER TABLE customers DROP COLUMN IF EXISTS country;
