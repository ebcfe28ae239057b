-- A sender's rate held for the whole deployment (issue 10): one schedule per sender, booked by every
-- replica before each request, on PostgreSQL's clock. next_at: when the sender's schedule is next free.
-- A row per configured sender that ever sent under a rate; a few rows in all, updated in place.
CREATE TABLE sender_pace (
    sender_id VARCHAR(50) PRIMARY KEY,
    next_at   TIMESTAMPTZ NOT NULL
);
