ALTER TABLE campaigns DROP COLUMN IF EXISTS deadline;
ALTER TABLE campaigns DROP COLUMN IF EXISTS send_at_local_time;
ALTER TABLE campaigns DROP COLUMN IF EXISTS sending_window;
