CREATE SCHEMA IF NOT EXISTS `main`.`synthetic_data` COMMENT 'Synthetic consumer identity graph (idgraph)';

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`households` (
  `household_id` BIGINT NOT NULL COMMENT 'Unique household identifier',
  `location_city` STRING NOT NULL COMMENT 'City name',
  `location_state` STRING NOT NULL COMMENT 'Two-letter state code',
  `location_zip` STRING NOT NULL COMMENT 'Five-digit ZIP code',
  `income_bracket` STRING NOT NULL COMMENT 'Income range',
  `household_size` INT NOT NULL COMMENT 'Number of individuals in household',
  `housing_type` STRING NOT NULL COMMENT 'Dwelling type',
  `created_at` TIMESTAMP NOT NULL COMMENT 'Generation timestamp',
  CONSTRAINT `pk_households` PRIMARY KEY (`household_id`)
)
USING DELTA
COMMENT 'Residential units containing one or more individuals.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`households` ADD CONSTRAINT `chk_households_income_bracket` CHECK (`income_bracket` IN ('<30K', '30-60K', '60-100K', '100-150K', '150K+'));

ALTER TABLE `main`.`synthetic_data`.`households` ADD CONSTRAINT `chk_households_household_size` CHECK (`household_size` BETWEEN 1 AND 10);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`individuals` (
  `individual_id` BIGINT NOT NULL COMMENT 'Unique individual identifier',
  `household_id` BIGINT NOT NULL COMMENT 'Parent household',
  `age` INT NOT NULL COMMENT 'Age in years (adults only)',
  `gender` STRING NOT NULL COMMENT 'Gender identity',
  `education_level` STRING NOT NULL COMMENT 'Highest education completed',
  `employment_status` STRING NOT NULL COMMENT 'Employment status',
  `income_individual` DECIMAL(10,2) COMMENT 'Individual income (NULL for dependents and non-earners)',
  `created_at` TIMESTAMP NOT NULL COMMENT 'Generation timestamp',
  CONSTRAINT `pk_individuals` PRIMARY KEY (`individual_id`),
  CONSTRAINT `fk_individuals_household_id` FOREIGN KEY (`household_id`) REFERENCES `main`.`synthetic_data`.`households` (`household_id`)
)
USING DELTA
COMMENT 'People linked to households with demographic attributes.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`individuals` ADD CONSTRAINT `chk_individuals_age` CHECK (`age` BETWEEN 18 AND 100);

ALTER TABLE `main`.`synthetic_data`.`individuals` ADD CONSTRAINT `chk_individuals_gender` CHECK (`gender` IN ('Male', 'Female', 'Non-Binary', 'Prefer not to say'));

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`identity_mappings` (
  `mapping_id` BIGINT NOT NULL COMMENT 'Unique mapping identifier',
  `individual_id` BIGINT NOT NULL COMMENT 'Linked individual',
  `identifier_type` STRING NOT NULL COMMENT 'Kind of identifier',
  `identifier_value` STRING NOT NULL COMMENT 'Hashed or pseudonymized identifier value',
  `first_seen` TIMESTAMP NOT NULL COMMENT 'First appearance timestamp',
  `last_seen` TIMESTAMP NOT NULL COMMENT 'Most recent activity timestamp',
  `active` BOOLEAN NOT NULL DEFAULT TRUE COMMENT 'Whether identifier is still active',
  CONSTRAINT `pk_identity_mappings` PRIMARY KEY (`mapping_id`),
  CONSTRAINT `fk_identity_mappings_individual_id` FOREIGN KEY (`individual_id`) REFERENCES `main`.`synthetic_data`.`individuals` (`individual_id`)
)
USING DELTA
COMMENT 'Cross-device identifiers linking individuals to digital identities.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days',
  'delta.feature.allowColumnDefaults' = 'supported'
);

ALTER TABLE `main`.`synthetic_data`.`identity_mappings` ADD CONSTRAINT `chk_identity_mappings_identifier_type` CHECK (`identifier_type` IN ('email_hash', 'cookie_id', 'mobile_ad_id', 'device_id', 'ctv_id', 'hashed_phone'));

ALTER TABLE `main`.`synthetic_data`.`identity_mappings` ADD CONSTRAINT `chk_identity_mappings_last_seen` CHECK (`last_seen` >= `first_seen`);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`content_engagements` (
  `event_id` BIGINT NOT NULL COMMENT 'Unique event identifier',
  `individual_id` BIGINT NOT NULL COMMENT 'Individual who engaged',
  `content_id` STRING NOT NULL COMMENT 'Content identifier (video or article id)',
  `content_category` STRING NOT NULL COMMENT 'Category of the content item',
  `engagement_type` STRING NOT NULL COMMENT 'Type of interaction',
  `timestamp` TIMESTAMP NOT NULL COMMENT 'Event occurrence time',
  `duration_seconds` INT COMMENT 'View duration (NULL for non-view events)',
  `device_type` STRING NOT NULL COMMENT 'Device used',
  `session_id` STRING COMMENT 'Session grouping identifier',
  `event_date` DATE GENERATED ALWAYS AS (CAST(`timestamp` AS DATE)) COMMENT 'UTC date of timestamp (generated)',
  CONSTRAINT `pk_content_engagements` PRIMARY KEY (`event_id`),
  CONSTRAINT `fk_content_engagements_individual_id` FOREIGN KEY (`individual_id`) REFERENCES `main`.`synthetic_data`.`individuals` (`individual_id`)
)
USING DELTA
PARTITIONED BY (`event_date`)
COMMENT 'Individual interactions with content.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`content_engagements` ADD CONSTRAINT `chk_content_engagements_engagement_type` CHECK (`engagement_type` IN ('view', 'click', 'share', 'like', 'comment'));

ALTER TABLE `main`.`synthetic_data`.`content_engagements` ADD CONSTRAINT `chk_content_engagements_duration_seconds` CHECK (`duration_seconds` IS NULL OR `duration_seconds` >= 0);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`viewership_patterns` (
  `pattern_id` BIGINT NOT NULL COMMENT 'Unique pattern identifier',
  `individual_id` BIGINT NOT NULL COMMENT 'One pattern per individual',
  `total_engagements` BIGINT NOT NULL COMMENT 'Total engagement count',
  `frequency_daily_avg` DOUBLE NOT NULL COMMENT 'Average engagements per day',
  `recency_last_engagement` TIMESTAMP NOT NULL COMMENT 'Most recent engagement timestamp',
  `preferred_categories` ARRAY<STRING> NOT NULL COMMENT 'Top 3 content categories by engagement count',
  `preferred_device` STRING NOT NULL COMMENT 'Most frequently used device type',
  `peak_hour` INT NOT NULL COMMENT 'Hour of day (UTC) with most activity',
  `computed_at` TIMESTAMP NOT NULL COMMENT 'When aggregation was computed',
  CONSTRAINT `pk_viewership_patterns` PRIMARY KEY (`pattern_id`),
  CONSTRAINT `fk_viewership_patterns_individual_id` FOREIGN KEY (`individual_id`) REFERENCES `main`.`synthetic_data`.`individuals` (`individual_id`)
)
USING DELTA
COMMENT 'Per-individual consumption patterns aggregated from content_engagements.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`viewership_patterns` ADD CONSTRAINT `chk_viewership_patterns_total_engagements` CHECK (`total_engagements` >= 0);

ALTER TABLE `main`.`synthetic_data`.`viewership_patterns` ADD CONSTRAINT `chk_viewership_patterns_peak_hour` CHECK (`peak_hour` BETWEEN 0 AND 23);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`audience_attributes` (
  `attribute_id` BIGINT NOT NULL COMMENT 'Unique attribute identifier',
  `individual_id` BIGINT NOT NULL COMMENT 'One attribute set per individual',
  `segment_primary` STRING NOT NULL COMMENT 'Primary audience segment',
  `segment_secondary` ARRAY<STRING> COMMENT 'Secondary segments',
  `affinity_scores` MAP<STRING,DOUBLE> NOT NULL COMMENT 'Category affinities (0.0-1.0, sum 1)',
  `behavioral_classification` STRING NOT NULL COMMENT 'Usage class from daily frequency',
  `propensity_to_convert` DOUBLE NOT NULL COMMENT 'Likelihood of campaign response (0-1)',
  `lifetime_value_estimate` DECIMAL(10,2) COMMENT 'Estimated customer lifetime value',
  `computed_at` TIMESTAMP NOT NULL COMMENT 'When attributes were computed',
  CONSTRAINT `pk_audience_attributes` PRIMARY KEY (`attribute_id`),
  CONSTRAINT `fk_audience_attributes_individual_id` FOREIGN KEY (`individual_id`) REFERENCES `main`.`synthetic_data`.`individuals` (`individual_id`)
)
USING DELTA
COMMENT 'Targeting and segmentation attributes derived from viewership_patterns.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`audience_attributes` ADD CONSTRAINT `chk_audience_attributes_propensity_to_convert` CHECK (`propensity_to_convert` BETWEEN 0 AND 1);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`campaigns` (
  `campaign_id` BIGINT NOT NULL COMMENT 'Unique campaign identifier',
  `campaign_name` STRING NOT NULL COMMENT 'Descriptive campaign name',
  `start_date` DATE NOT NULL COMMENT 'Campaign start date',
  `end_date` DATE NOT NULL COMMENT 'Campaign end date',
  `target_segment` ARRAY<STRING> NOT NULL COMMENT 'Targeted audience segments',
  `channels` ARRAY<STRING> NOT NULL COMMENT 'Distribution channels',
  `budget` DECIMAL(12,2) NOT NULL COMMENT 'Campaign budget',
  `goal` STRING NOT NULL COMMENT 'Campaign goal',
  `created_at` TIMESTAMP NOT NULL COMMENT 'Campaign creation timestamp',
  CONSTRAINT `pk_campaigns` PRIMARY KEY (`campaign_id`)
)
USING DELTA
COMMENT 'Marketing campaigns with targeting criteria and metadata.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`campaigns` ADD CONSTRAINT `chk_campaigns_end_date` CHECK (`end_date` >= `start_date`);

ALTER TABLE `main`.`synthetic_data`.`campaigns` ADD CONSTRAINT `chk_campaigns_budget` CHECK (`budget` > 0);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`campaign_exposures` (
  `exposure_id` BIGINT NOT NULL COMMENT 'Unique exposure identifier',
  `individual_id` BIGINT NOT NULL COMMENT 'Exposed individual',
  `campaign_id` BIGINT NOT NULL COMMENT 'Campaign shown',
  `exposure_timestamp` TIMESTAMP NOT NULL COMMENT 'When exposure occurred',
  `channel` STRING NOT NULL COMMENT 'Delivery channel',
  `frequency` INT NOT NULL DEFAULT 1 COMMENT 'Exposure count in this session',
  `placement` STRING COMMENT 'Ad placement details',
  `cost` DECIMAL(8,4) NOT NULL COMMENT 'Cost of this exposure (CPM-based)',
  `event_date` DATE GENERATED ALWAYS AS (CAST(`exposure_timestamp` AS DATE)) COMMENT 'UTC date of exposure_timestamp (generated)',
  CONSTRAINT `pk_campaign_exposures` PRIMARY KEY (`exposure_id`),
  CONSTRAINT `fk_campaign_exposures_individual_id` FOREIGN KEY (`individual_id`) REFERENCES `main`.`synthetic_data`.`individuals` (`individual_id`),
  CONSTRAINT `fk_campaign_exposures_campaign_id` FOREIGN KEY (`campaign_id`) REFERENCES `main`.`synthetic_data`.`campaigns` (`campaign_id`)
)
USING DELTA
PARTITIONED BY (`event_date`)
COMMENT 'Individual-level campaign exposure events.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days',
  'delta.feature.allowColumnDefaults' = 'supported'
);

ALTER TABLE `main`.`synthetic_data`.`campaign_exposures` ADD CONSTRAINT `chk_campaign_exposures_channel` CHECK (`channel` IN ('email', 'social', 'display', 'video', 'ctv'));

ALTER TABLE `main`.`synthetic_data`.`campaign_exposures` ADD CONSTRAINT `chk_campaign_exposures_frequency` CHECK (`frequency` > 0);

ALTER TABLE `main`.`synthetic_data`.`campaign_exposures` ADD CONSTRAINT `chk_campaign_exposures_cost` CHECK (`cost` >= 0);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`response_events` (
  `response_id` BIGINT NOT NULL COMMENT 'Unique response identifier',
  `individual_id` BIGINT NOT NULL COMMENT 'Responding individual',
  `campaign_id` BIGINT NOT NULL COMMENT 'Campaign that drove response',
  `exposure_id` BIGINT COMMENT 'Specific exposure (if trackable)',
  `response_type` STRING NOT NULL COMMENT 'Type of response',
  `response_timestamp` TIMESTAMP NOT NULL COMMENT 'When response occurred',
  `exposure_timestamp` TIMESTAMP COMMENT 'Matched exposure timestamp for attribution',
  `time_to_conversion_hours` DOUBLE COMMENT 'Hours between exposure and response',
  `value` DECIMAL(10,2) COMMENT 'Monetary value of response (for conversions)',
  `event_date` DATE GENERATED ALWAYS AS (CAST(`response_timestamp` AS DATE)) COMMENT 'UTC date of response_timestamp (generated)',
  CONSTRAINT `pk_response_events` PRIMARY KEY (`response_id`),
  CONSTRAINT `fk_response_events_individual_id` FOREIGN KEY (`individual_id`) REFERENCES `main`.`synthetic_data`.`individuals` (`individual_id`),
  CONSTRAINT `fk_response_events_campaign_id` FOREIGN KEY (`campaign_id`) REFERENCES `main`.`synthetic_data`.`campaigns` (`campaign_id`),
  CONSTRAINT `fk_response_events_exposure_id` FOREIGN KEY (`exposure_id`) REFERENCES `main`.`synthetic_data`.`campaign_exposures` (`exposure_id`)
)
USING DELTA
PARTITIONED BY (`event_date`)
COMMENT 'Individual responses to campaign exposures.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`response_events` ADD CONSTRAINT `chk_response_events_response_type` CHECK (`response_type` IN ('click', 'conversion', 'engagement', 'visit'));

ALTER TABLE `main`.`synthetic_data`.`response_events` ADD CONSTRAINT `chk_response_events_time_to_conversion_hours` CHECK (`time_to_conversion_hours` IS NULL OR `time_to_conversion_hours` >= 0);

ALTER TABLE `main`.`synthetic_data`.`response_events` ADD CONSTRAINT `chk_response_events_value` CHECK (`value` IS NULL OR `value` >= 0);

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`outcome_metrics` (
  `outcome_id` BIGINT NOT NULL COMMENT 'Unique outcome identifier',
  `response_id` BIGINT NOT NULL COMMENT 'Linked response event',
  `campaign_id` BIGINT NOT NULL COMMENT 'Campaign attribution',
  `conversion_status` STRING NOT NULL COMMENT 'Outcome classification',
  `revenue` DECIMAL(10,2) COMMENT 'Revenue attributed to this outcome',
  `engagement_score` DOUBLE COMMENT 'Normalized engagement metric',
  `attribution_model` STRING NOT NULL COMMENT 'Attribution model',
  `attribution_weight` DOUBLE NOT NULL COMMENT 'Weight for multi-touch attribution',
  `computed_at` TIMESTAMP NOT NULL COMMENT 'When metrics were computed',
  CONSTRAINT `pk_outcome_metrics` PRIMARY KEY (`outcome_id`),
  CONSTRAINT `fk_outcome_metrics_response_id` FOREIGN KEY (`response_id`) REFERENCES `main`.`synthetic_data`.`response_events` (`response_id`),
  CONSTRAINT `fk_outcome_metrics_campaign_id` FOREIGN KEY (`campaign_id`) REFERENCES `main`.`synthetic_data`.`campaigns` (`campaign_id`)
)
USING DELTA
COMMENT 'Campaign performance metrics and attribution per response.'
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 30 days',
  'delta.deletedFileRetentionDuration' = 'interval 30 days'
);

ALTER TABLE `main`.`synthetic_data`.`outcome_metrics` ADD CONSTRAINT `chk_outcome_metrics_conversion_status` CHECK (`conversion_status` IN ('converted', 'engaged', 'no_action'));

ALTER TABLE `main`.`synthetic_data`.`outcome_metrics` ADD CONSTRAINT `chk_outcome_metrics_revenue` CHECK (`revenue` IS NULL OR `revenue` >= 0);

ALTER TABLE `main`.`synthetic_data`.`outcome_metrics` ADD CONSTRAINT `chk_outcome_metrics_engagement_score` CHECK (`engagement_score` IS NULL OR `engagement_score` BETWEEN 0 AND 1);

ALTER TABLE `main`.`synthetic_data`.`outcome_metrics` ADD CONSTRAINT `chk_outcome_metrics_attribution_weight` CHECK (`attribution_weight` BETWEEN 0 AND 1);
