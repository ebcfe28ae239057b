DROP TABLE IF EXISTS audience_resolutions;
