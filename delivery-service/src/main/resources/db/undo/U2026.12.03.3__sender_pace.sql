DROP TABLE IF EXISTS sender_pace;
