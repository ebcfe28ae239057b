DROP TABLE IF EXISTS campaigns;
DROP TABLE IF EXISTS message_templates;
