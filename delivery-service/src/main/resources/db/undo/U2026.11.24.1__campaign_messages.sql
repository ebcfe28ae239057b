DROP TABLE IF EXISTS message_external_ids;
DROP TABLE IF EXISTS campaign_messages;
DROP TABLE IF EXISTS delivery_campaigns;
