-- Roles and schemas of the dnwerks database, run once per cluster by a superuser.
-- ./dnwerks up and the tests run it on the embedded cluster; on a managed cluster a DBA runs it
-- (and sets passwords on the login roles). Idempotent: safe to run again.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['customer_service', 'campaign_service', 'delivery_service', 'audit_service', 'reporting_readonly'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', r);
    END IF;
  END LOOP;
END $$;

-- Each service owns its schema and migrates it itself; no service can read another's.
CREATE SCHEMA IF NOT EXISTS customer AUTHORIZATION customer_service;
CREATE SCHEMA IF NOT EXISTS campaign AUTHORIZATION campaign_service;
CREATE SCHEMA IF NOT EXISTS delivery AUTHORIZATION delivery_service;
CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION audit_service;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

ALTER ROLE customer_service SET search_path = customer;
ALTER ROLE campaign_service SET search_path = campaign;
ALTER ROLE delivery_service SET search_path = delivery;
ALTER ROLE audit_service SET search_path = audit;
ALTER ROLE reporting_readonly SET default_transaction_read_only = on;

-- Reporting reads every schema, including tables the services create later.
GRANT USAGE ON SCHEMA customer, campaign, delivery, audit TO reporting_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA customer, campaign, delivery, audit TO reporting_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE customer_service IN SCHEMA customer GRANT SELECT ON TABLES TO reporting_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE campaign_service IN SCHEMA campaign GRANT SELECT ON TABLES TO reporting_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE delivery_service IN SCHEMA delivery GRANT SELECT ON TABLES TO reporting_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE audit_service IN SCHEMA audit GRANT SELECT ON TABLES TO reporting_readonly;
