-- fold what is left before the table goes, so no count is lost
WITH d AS (DELETE FROM campaign_count_deltas RETURNING *),
s AS (SELECT campaign_id, sum(batches) AS batches, sum(total) AS total, sum(pending) AS pending, sum(sent) AS sent,
             sum(delivered) AS delivered, sum(failed) AS failed, sum(bounced) AS bounced, sum(rejected) AS rejected
      FROM d GROUP BY campaign_id)
UPDATE delivery_campaigns c SET batches_received = c.batches_received + s.batches, total = c.total + s.total,
    pending = c.pending + s.pending, sent = c.sent + s.sent, delivered = c.delivered + s.delivered,
    failed = c.failed + s.failed, bounced = c.bounced + s.bounced, rejected = c.rejected + s.rejected
FROM s WHERE c.campaign_id = s.campaign_id;
DROP TABLE IF EXISTS campaign_count_deltas;
