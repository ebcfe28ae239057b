-- The country of each customer's phone number (ISO 3166 alpha-2), as libphonenumber reads it when the
-- number is written: for the list's country filter and segment conditions on country. Customers
-- stored before have none until their number is written again (a PATCH of any field fills it in from
-- the number they have); the migration cannot run libphonenumber.
ALTER TABLE customers ADD COLUMN country VARCHAR(2);
CREATE INDEX idx_customers_country ON customers (lower(country)) WHERE deleted_at IS NULL;
-- country joins the filter fields' statistics (V2026.12.06.1): its combinations with source and language
DROP STATISTICS IF EXISTS customers_filter_values;
CREATE STATISTICS customers_filter_values (mcv, dependencies)
    ON lower(source), lower(preferred_language), lower(timezone), lower(country) FROM customers;
