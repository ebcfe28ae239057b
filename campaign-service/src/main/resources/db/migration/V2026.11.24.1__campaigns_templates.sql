-- campaign-service's part of the seed: campaigns (with the seed's later priority column) and
-- message templates. created_by holds the JWT subject: users live in the identity provider.

CREATE TABLE message_templates (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        VARCHAR(255) NOT NULL,
    description TEXT,
    content     TEXT         NOT NULL,
    variables   JSONB,
    category    VARCHAR(100),
    is_system   BOOLEAN      NOT NULL DEFAULT false,
    created_by  UUID         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT ck_message_templates__content CHECK (length(trim(content)) > 0 AND length(content) <= 1600),
    CONSTRAINT ck_message_templates__variables CHECK (variables IS NULL OR jsonb_typeof(variables) = 'array')
);
CREATE INDEX idx_message_templates_category ON message_templates (category);
CREATE INDEX idx_message_templates_system ON message_templates (is_system) WHERE is_system = true;

CREATE TABLE campaigns (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name                VARCHAR(255) NOT NULL,
    description         TEXT,
    message_content     TEXT         NOT NULL,
    scheduled_at        TIMESTAMPTZ,
    status              VARCHAR(50)  NOT NULL DEFAULT 'draft',
    created_by          UUID         NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    send_immediately    BOOLEAN      NOT NULL DEFAULT false,
    timezone            VARCHAR(50)  NOT NULL DEFAULT 'UTC',
    max_retries         INTEGER      NOT NULL DEFAULT 3,
    retry_delay_minutes INTEGER      NOT NULL DEFAULT 15,
    priority            INTEGER      NOT NULL DEFAULT 0,
    CONSTRAINT ck_campaigns__status CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'paused')),
    CONSTRAINT ck_campaigns__scheduled_at CHECK (scheduled_at IS NULL OR scheduled_at >= created_at),
    CONSTRAINT ck_campaigns__message_content CHECK (length(trim(message_content)) > 10 AND length(message_content) <= 1600),
    CONSTRAINT ck_campaigns__max_retries CHECK (max_retries BETWEEN 0 AND 10),
    CONSTRAINT ck_campaigns__retry_delay_minutes CHECK (retry_delay_minutes BETWEEN 1 AND 1440)
);
CREATE INDEX idx_campaigns_status ON campaigns (status);
CREATE INDEX idx_campaigns_scheduled_at ON campaigns (scheduled_at);
CREATE INDEX idx_campaigns_created_at ON campaigns (created_at);
CREATE INDEX idx_campaigns_created_by ON campaigns (created_by);
CREATE INDEX idx_campaigns_priority ON campaigns (priority);
