-- customer-service's part of the seed: customers, tags, segments and their memberships, the
-- segment stats view, and a consent ledger. Constraint names follow ck_<table>__<column> so that a
-- violation can be reported against the field that caused it.

CREATE TABLE customers (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    first_name         VARCHAR(100),
    last_name          VARCHAR(100),
    phone              VARCHAR(20)  NOT NULL,
    email              VARCHAR(255),
    date_of_birth      DATE,
    timezone           VARCHAR(50)  NOT NULL DEFAULT 'UTC',
    preferred_language VARCHAR(10)  NOT NULL DEFAULT 'en',
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sms_consent        BOOLEAN      NOT NULL DEFAULT true,
    email_consent      BOOLEAN      NOT NULL DEFAULT false,
    consent_given_at   TIMESTAMPTZ,
    do_not_contact     BOOLEAN      NOT NULL DEFAULT false,
    source             VARCHAR(100),
    notes              TEXT,
    deleted_at         TIMESTAMPTZ,
    -- E.164: a plus, a non-zero digit, at most 15 digits in all (the seed made the plus optional,
    -- which lets "4915..." and "+4915..." be two customers with one phone)
    CONSTRAINT ck_customers__phone CHECK (phone ~ '^\+[1-9][0-9]{1,14}$'),
    CONSTRAINT ck_customers__email CHECK (email IS NULL OR email ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$')
);
-- the seed declares phone UNIQUE and a unique index on it: one index does both
CREATE UNIQUE INDEX idx_customers_phone ON customers (phone);
CREATE UNIQUE INDEX idx_customers_email ON customers (email) WHERE email IS NOT NULL;
CREATE INDEX idx_customers_dnc ON customers (do_not_contact) WHERE do_not_contact = true;
CREATE INDEX idx_customers_sms_consent ON customers (sms_consent) WHERE sms_consent = true;
CREATE INDEX idx_customers_deleted_at ON customers (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE tags (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        VARCHAR(100) NOT NULL CONSTRAINT uq_tags__name UNIQUE,
    color       VARCHAR(7)   NOT NULL DEFAULT '#007bff',
    description TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by  UUID         NOT NULL,
    CONSTRAINT ck_tags__color CHECK (color ~ '^#[0-9A-Fa-f]{6}$')
);
-- the seed's idx_tags_name repeats the UNIQUE constraint's index; kept for the seed's name
CREATE INDEX idx_tags_name ON tags (name);

CREATE TABLE customer_tags (
    customer_id UUID        NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    tag_id      UUID        NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by  UUID        NOT NULL,
    PRIMARY KEY (customer_id, tag_id)
);
-- the primary key serves lookups by customer; the seed's idx_customer_tags_customer_id is redundant
-- but kept, idx_customer_tags_tag_id is what audience resolution by tag needs
CREATE INDEX idx_customer_tags_customer_id ON customer_tags (customer_id);
CREATE INDEX idx_customer_tags_tag_id ON customer_tags (tag_id);

CREATE TABLE customer_segments (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name           VARCHAR(255) NOT NULL,
    description    TEXT,
    conditions     JSONB        NOT NULL,
    customer_count INTEGER      NOT NULL DEFAULT 0,
    is_active      BOOLEAN      NOT NULL DEFAULT true,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT ck_customer_segments__conditions CHECK (jsonb_typeof(conditions) = 'object')
);

CREATE TABLE segment_memberships (
    segment_id  UUID        NOT NULL REFERENCES customer_segments (id) ON DELETE CASCADE,
    customer_id UUID        NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (segment_id, customer_id)
);
CREATE INDEX idx_segment_memberships_customer_id ON segment_memberships (customer_id);

CREATE MATERIALIZED VIEW customer_segment_stats AS
SELECT cs.id,
       cs.name,
       COUNT(sm.customer_id) AS actual_count,
       cs.updated_at
FROM customer_segments cs
LEFT JOIN segment_memberships sm ON cs.id = sm.segment_id
GROUP BY cs.id, cs.name, cs.updated_at;
-- REFRESH ... CONCURRENTLY needs a unique index on the view; the seed forgot it
CREATE UNIQUE INDEX idx_customer_segment_stats_id ON customer_segment_stats (id);

CREATE OR REPLACE FUNCTION refresh_segment_stats()
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY customer_segment_stats;
END
$$;

-- Every change of consent, with who made it and why: the record a regulator asks for.
CREATE TABLE consent_events (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id UUID        NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel     VARCHAR(20) NOT NULL,
    granted     BOOLEAN     NOT NULL,
    source      VARCHAR(50) NOT NULL,
    changed_by  UUID        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ck_consent_events__channel CHECK (channel IN ('sms', 'email', 'do_not_contact'))
);
CREATE INDEX idx_consent_events_customer ON consent_events (customer_id, occurred_at);
