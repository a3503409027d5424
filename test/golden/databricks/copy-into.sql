COPY INTO `main`.`synthetic_data`.`households`
FROM (SELECT `household_id`, `location_city`, `location_state`, `location_zip`, `income_bracket`, `household_size`, `housing_type`, `created_at` FROM 's3://idgraph-stage/runs/run-42/households')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`individuals`
FROM (SELECT `individual_id`, `household_id`, `age`, `gender`, `education_level`, `employment_status`, `income_individual`, `created_at` FROM 's3://idgraph-stage/runs/run-42/individuals')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`identity_mappings`
FROM (SELECT `mapping_id`, `individual_id`, `identifier_type`, `identifier_value`, `first_seen`, `last_seen`, `active` FROM 's3://idgraph-stage/runs/run-42/identity_mappings')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`content_engagements`
FROM (SELECT `event_id`, `individual_id`, `content_id`, `content_category`, `engagement_type`, `timestamp`, `duration_seconds`, `device_type`, `session_id` FROM 's3://idgraph-stage/runs/run-42/content_engagements')
FILEFORMAT = PARQUET
PATTERN = 'event_date=*/part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`viewership_patterns`
FROM (SELECT `pattern_id`, `individual_id`, `total_engagements`, `frequency_daily_avg`, `recency_last_engagement`, `preferred_categories`, `preferred_device`, `peak_hour`, `computed_at` FROM 's3://idgraph-stage/runs/run-42/viewership_patterns')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`audience_attributes`
FROM (SELECT `attribute_id`, `individual_id`, `segment_primary`, `segment_secondary`, `affinity_scores`, `behavioral_classification`, `propensity_to_convert`, `lifetime_value_estimate`, `computed_at` FROM 's3://idgraph-stage/runs/run-42/audience_attributes')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`campaigns`
FROM (SELECT `campaign_id`, `campaign_name`, `start_date`, `end_date`, `target_segment`, `channels`, `budget`, `goal`, `created_at` FROM 's3://idgraph-stage/runs/run-42/campaigns')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`campaign_exposures`
FROM (SELECT `exposure_id`, `individual_id`, `campaign_id`, `exposure_timestamp`, `channel`, `frequency`, `placement`, `cost` FROM 's3://idgraph-stage/runs/run-42/campaign_exposures')
FILEFORMAT = PARQUET
PATTERN = 'event_date=*/part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`response_events`
FROM (SELECT `response_id`, `individual_id`, `campaign_id`, `exposure_id`, `response_type`, `response_timestamp`, `exposure_timestamp`, `time_to_conversion_hours`, `value` FROM 's3://idgraph-stage/runs/run-42/response_events')
FILEFORMAT = PARQUET
PATTERN = 'event_date=*/part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');

COPY INTO `main`.`synthetic_data`.`outcome_metrics`
FROM (SELECT `outcome_id`, `response_id`, `campaign_id`, `conversion_status`, `revenue`, `engagement_score`, `attribution_model`, `attribution_weight`, `computed_at` FROM 's3://idgraph-stage/runs/run-42/outcome_metrics')
FILEFORMAT = PARQUET
PATTERN = 'part-*-abc123.parquet'
COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false');
