DROP TABLE IF EXISTS consent_events;
DROP FUNCTION IF EXISTS refresh_segment_stats();
DROP MATERIALIZED VIEW IF EXISTS customer_segment_stats;
DROP TABLE IF EXISTS segment_memberships;
DROP TABLE IF EXISTS customer_segments;
DROP TABLE IF EXISTS customer_tags;
DROP TABLE IF EXISTS tags;
DROP TABLE IF EXISTS customers;
