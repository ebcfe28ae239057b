-- Lawful sending (issue 9): a campaign may narrow the law's sending window (in each recipient's
-- local time), ask for delivery at a local time in each recipient's zone, and set a deadline past
-- which a message that could not go out (quiet hours, frequency cap) ends rather than waits.
ALTER TABLE campaigns ADD COLUMN sending_window VARCHAR(100);
ALTER TABLE campaigns ADD COLUMN send_at_local_time TIMESTAMP;
ALTER TABLE campaigns ADD COLUMN deadline TIMESTAMPTZ;
