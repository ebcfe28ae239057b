-- The country of each customer's phone number (ISO 3166 alpha-2), as libphonenumber reads it when the
-- number is written: for the list's country filter and segment conditions on country. Customers
-- stored before have none until their number is written again (a PATCH of any field fills it in from
-- the number they have); the migration cannot run libphonenumber.
ALTER TABLE customers ADD COLUMN country VARCHAR(2);
CREATE INDEX idx_customers_country ON customers (lower(country)) WHERE deleted_at IS NULL;
