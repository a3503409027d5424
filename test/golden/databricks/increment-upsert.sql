CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`households__idgraph_stage_abcdef1234` (
  `household_id` BIGINT,
  `location_city` STRING,
  `location_state` STRING,
  `location_zip` STRING,
  `income_bracket` STRING,
  `household_size` INT,
  `housing_type` STRING,
  `created_at` TIMESTAMP
) USING DELTA;

COPY INTO `main`.`synthetic_data`.`households__idgraph_stage_abcdef1234`
FROM (SELECT `household_id`, `location_city`, `location_state`, `location_zip`, `income_bracket`, `household_size`, `housing_type`, `created_at` FROM '/Volumes/main/synthetic_data/landing/inc-1/households')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abcdef1234.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

MERGE INTO `main`.`synthetic_data`.`households` AS t
USING `main`.`synthetic_data`.`households__idgraph_stage_abcdef1234` AS s
ON t.`household_id` = s.`household_id`
WHEN MATCHED THEN UPDATE SET t.`location_city` = s.`location_city`, t.`location_state` = s.`location_state`, t.`location_zip` = s.`location_zip`, t.`income_bracket` = s.`income_bracket`, t.`household_size` = s.`household_size`, t.`housing_type` = s.`housing_type`, t.`created_at` = s.`created_at`
WHEN NOT MATCHED THEN INSERT (`household_id`, `location_city`, `location_state`, `location_zip`, `income_bracket`, `household_size`, `housing_type`, `created_at`) VALUES (s.`household_id`, s.`location_city`, s.`location_state`, s.`location_zip`, s.`income_bracket`, s.`household_size`, s.`housing_type`, s.`created_at`);

DROP TABLE IF EXISTS `main`.`synthetic_data`.`households__idgraph_stage_abcdef1234`;

COPY INTO `main`.`synthetic_data`.`content_engagements`
FROM (SELECT `event_id`, `individual_id`, `content_id`, `content_category`, `engagement_type`, `timestamp`, `duration_seconds`, `device_type`, `session_id` FROM '/Volumes/main/synthetic_data/landing/inc-1/content_engagements')
FILEFORMAT = PARQUET
PATTERN = 'event_date=*/part-*-abcdef1234.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');
