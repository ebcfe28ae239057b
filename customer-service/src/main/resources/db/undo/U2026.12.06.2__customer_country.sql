DROP STATISTICS IF EXISTS customers_filter_values;
CREATE STATISTICS customers_filter_values (mcv, dependencies)
    ON lower(source), lower(preferred_language), lower(timezone) FROM customers;
DROP INDEX IF EXISTS idx_customers_country;
ALTER TABLE customers DROP COLUMN IF EXISTS country;
