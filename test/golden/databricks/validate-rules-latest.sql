-- households.household_id.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `household_id` IS NULL;

-- households.location_city.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `location_city` IS NULL;

-- households.location_state.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `location_state` IS NULL;

-- households.location_zip.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `location_zip` IS NULL;

-- households.income_bracket.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `income_bracket` IS NULL;

-- households.income_bracket.check [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE NOT (`income_bracket` IN ('<30K', '30-60K', '60-100K', '100-150K', '150K+'));

-- households.household_size.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `household_size` IS NULL;

-- households.household_size.check [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE NOT (`household_size` BETWEEN 1 AND 10);

-- households.housing_type.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `housing_type` IS NULL;

-- households.housing_type.domain [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `housing_type` NOT IN ('house', 'apartment', 'condo', 'other');

-- households.created_at.not_null [violations]
SELECT `household_id` AS id FROM `main`.`synthetic_data`.`households` WHERE `created_at` IS NULL;

-- households.primary_key [violations]
SELECT concat_ws('/', CAST(`household_id` AS STRING)) AS id FROM `main`.`synthetic_data`.`households` GROUP BY `household_id` HAVING count(*) > 1;

-- individuals.individual_id.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `individual_id` IS NULL;

-- individuals.household_id.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `household_id` IS NULL;

-- individuals.age.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `age` IS NULL;

-- individuals.age.check [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE NOT (`age` BETWEEN 18 AND 100);

-- individuals.gender.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `gender` IS NULL;

-- individuals.gender.check [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE NOT (`gender` IN ('Male', 'Female', 'Non-Binary', 'Prefer not to say'));

-- individuals.education_level.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `education_level` IS NULL;

-- individuals.education_level.domain [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `education_level` NOT IN ('High School', 'Some College', 'Bachelor', 'Master', 'Doctorate');

-- individuals.employment_status.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `employment_status` IS NULL;

-- individuals.employment_status.domain [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `employment_status` NOT IN ('Employed', 'Self-Employed', 'Unemployed', 'Student', 'Retired');

-- individuals.created_at.not_null [violations]
SELECT `individual_id` AS id FROM `main`.`synthetic_data`.`individuals` WHERE `created_at` IS NULL;

-- individuals.primary_key [violations]
SELECT concat_ws('/', CAST(`individual_id` AS STRING)) AS id FROM `main`.`synthetic_data`.`individuals` GROUP BY `individual_id` HAVING count(*) > 1;

-- individuals.household_id.foreign_key [violations]
SELECT c.`individual_id` AS id FROM `main`.`synthetic_data`.`individuals` c LEFT JOIN `main`.`synthetic_data`.`households` p ON c.`household_id` = p.`household_id` WHERE c.`household_id` IS NOT NULL AND p.`household_id` IS NULL;

-- identity_mappings.mapping_id.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `mapping_id` IS NULL;

-- identity_mappings.individual_id.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `individual_id` IS NULL;

-- identity_mappings.identifier_type.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `identifier_type` IS NULL;

-- identity_mappings.identifier_type.check [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE NOT (`identifier_type` IN ('email_hash', 'cookie_id', 'mobile_ad_id', 'device_id', 'ctv_id', 'hashed_phone'));

-- identity_mappings.identifier_value.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `identifier_value` IS NULL;

-- identity_mappings.first_seen.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `first_seen` IS NULL;

-- identity_mappings.last_seen.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `last_seen` IS NULL;

-- identity_mappings.last_seen.check [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE NOT (`last_seen` >= `first_seen`);

-- identity_mappings.active.not_null [violations]
SELECT `mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` WHERE `active` IS NULL;

-- identity_mappings.primary_key [violations]
SELECT concat_ws('/', CAST(`mapping_id` AS STRING)) AS id FROM `main`.`synthetic_data`.`identity_mappings` GROUP BY `mapping_id` HAVING count(*) > 1;

-- identity_mappings.unique(identifier_type,identifier_value) [violations]
SELECT concat_ws('/', CAST(`identifier_type` AS STRING), CAST(`identifier_value` AS STRING)) AS id FROM `main`.`synthetic_data`.`identity_mappings` GROUP BY `identifier_type`, `identifier_value` HAVING count(*) > 1;

-- identity_mappings.individual_id.foreign_key [violations]
SELECT c.`mapping_id` AS id FROM `main`.`synthetic_data`.`identity_mappings` c LEFT JOIN `main`.`synthetic_data`.`individuals` p ON c.`individual_id` = p.`individual_id` WHERE c.`individual_id` IS NOT NULL AND p.`individual_id` IS NULL;

-- content_engagements.event_id.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `event_id` IS NULL;

-- content_engagements.individual_id.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `individual_id` IS NULL;

-- content_engagements.content_id.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `content_id` IS NULL;

-- content_engagements.content_category.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `content_category` IS NULL;

-- content_engagements.content_category.domain [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `content_category` NOT IN ('News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids');

-- content_engagements.engagement_type.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `engagement_type` IS NULL;

-- content_engagements.engagement_type.check [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE NOT (`engagement_type` IN ('view', 'click', 'share', 'like', 'comment'));

-- content_engagements.timestamp.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `timestamp` IS NULL;

-- content_engagements.duration_seconds.check [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE NOT (`duration_seconds` >= 0);

-- content_engagements.device_type.not_null [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `device_type` IS NULL;

-- content_engagements.device_type.domain [violations]
SELECT `event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `device_type` NOT IN ('mobile', 'desktop', 'tablet', 'ctv');

-- content_engagements.primary_key [violations]
SELECT concat_ws('/', CAST(`event_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY `event_id` HAVING count(*) > 1;

-- content_engagements.individual_id.foreign_key [violations]
SELECT c.`event_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`content_engagements` WHERE `timestamp` >= timestamp_micros(1752105600000000)) c LEFT JOIN `main`.`synthetic_data`.`individuals` p ON c.`individual_id` = p.`individual_id` WHERE c.`individual_id` IS NOT NULL AND p.`individual_id` IS NULL;

-- viewership_patterns.pattern_id.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `pattern_id` IS NULL;

-- viewership_patterns.individual_id.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `individual_id` IS NULL;

-- viewership_patterns.total_engagements.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `total_engagements` IS NULL;

-- viewership_patterns.total_engagements.check [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE NOT (`total_engagements` >= 0);

-- viewership_patterns.frequency_daily_avg.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `frequency_daily_avg` IS NULL;

-- viewership_patterns.recency_last_engagement.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `recency_last_engagement` IS NULL;

-- viewership_patterns.preferred_categories.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `preferred_categories` IS NULL;

-- viewership_patterns.preferred_device.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `preferred_device` IS NULL;

-- viewership_patterns.preferred_device.domain [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `preferred_device` NOT IN ('mobile', 'desktop', 'tablet', 'ctv');

-- viewership_patterns.peak_hour.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `peak_hour` IS NULL;

-- viewership_patterns.peak_hour.check [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE NOT (`peak_hour` BETWEEN 0 AND 23);

-- viewership_patterns.computed_at.not_null [violations]
SELECT `pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) WHERE `computed_at` IS NULL;

-- viewership_patterns.primary_key [violations]
SELECT concat_ws('/', CAST(`pattern_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) GROUP BY `pattern_id` HAVING count(*) > 1;

-- viewership_patterns.unique(individual_id) [violations]
SELECT concat_ws('/', CAST(`individual_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) GROUP BY `individual_id` HAVING count(*) > 1;

-- viewership_patterns.individual_id.foreign_key [violations]
SELECT c.`pattern_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`viewership_patterns` WHERE computed_at = timestamp_micros(1759881600000000)) c LEFT JOIN `main`.`synthetic_data`.`individuals` p ON c.`individual_id` = p.`individual_id` WHERE c.`individual_id` IS NOT NULL AND p.`individual_id` IS NULL;

-- audience_attributes.attribute_id.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `attribute_id` IS NULL;

-- audience_attributes.individual_id.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `individual_id` IS NULL;

-- audience_attributes.segment_primary.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `segment_primary` IS NULL;

-- audience_attributes.segment_primary.domain [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `segment_primary` NOT IN ('News Junkie', 'Sports Fan', 'Entertainment Seeker', 'Lifelong Learner', 'Tech Enthusiast', 'Music Lover', 'Lifestyle Maven', 'Business Professional', 'Gamer', 'Family Viewer');

-- audience_attributes.affinity_scores.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `affinity_scores` IS NULL;

-- audience_attributes.behavioral_classification.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `behavioral_classification` IS NULL;

-- audience_attributes.behavioral_classification.domain [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `behavioral_classification` NOT IN ('Heavy User', 'Moderate User', 'Light User', 'Churned');

-- audience_attributes.propensity_to_convert.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `propensity_to_convert` IS NULL;

-- audience_attributes.propensity_to_convert.check [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE NOT (`propensity_to_convert` BETWEEN 0 AND 1);

-- audience_attributes.computed_at.not_null [violations]
SELECT `attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` WHERE `computed_at` IS NULL;

-- audience_attributes.primary_key [violations]
SELECT concat_ws('/', CAST(`attribute_id` AS STRING)) AS id FROM `main`.`synthetic_data`.`audience_attributes` GROUP BY `attribute_id` HAVING count(*) > 1;

-- audience_attributes.unique(individual_id) [violations]
SELECT concat_ws('/', CAST(`individual_id` AS STRING)) AS id FROM `main`.`synthetic_data`.`audience_attributes` GROUP BY `individual_id` HAVING count(*) > 1;

-- audience_attributes.individual_id.foreign_key [violations]
SELECT c.`attribute_id` AS id FROM `main`.`synthetic_data`.`audience_attributes` c LEFT JOIN `main`.`synthetic_data`.`individuals` p ON c.`individual_id` = p.`individual_id` WHERE c.`individual_id` IS NOT NULL AND p.`individual_id` IS NULL;

-- campaigns.campaign_id.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `campaign_id` IS NULL;

-- campaigns.campaign_name.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `campaign_name` IS NULL;

-- campaigns.start_date.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `start_date` IS NULL;

-- campaigns.end_date.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `end_date` IS NULL;

-- campaigns.end_date.check [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE NOT (`end_date` >= `start_date`);

-- campaigns.target_segment.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `target_segment` IS NULL;

-- campaigns.channels.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `channels` IS NULL;

-- campaigns.budget.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `budget` IS NULL;

-- campaigns.budget.check [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE NOT (`budget` > 0);

-- campaigns.goal.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `goal` IS NULL;

-- campaigns.goal.domain [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `goal` NOT IN ('awareness', 'consideration', 'conversion');

-- campaigns.created_at.not_null [violations]
SELECT `campaign_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE `created_at` IS NULL;

-- campaigns.primary_key [violations]
SELECT concat_ws('/', CAST(`campaign_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) GROUP BY `campaign_id` HAVING count(*) > 1;

-- campaign_exposures.exposure_id.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `exposure_id` IS NULL;

-- campaign_exposures.individual_id.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `individual_id` IS NULL;

-- campaign_exposures.campaign_id.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `campaign_id` IS NULL;

-- campaign_exposures.exposure_timestamp.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `exposure_timestamp` IS NULL;

-- campaign_exposures.channel.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `channel` IS NULL;

-- campaign_exposures.channel.check [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`channel` IN ('email', 'social', 'display', 'video', 'ctv'));

-- campaign_exposures.frequency.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `frequency` IS NULL;

-- campaign_exposures.frequency.check [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`frequency` > 0);

-- campaign_exposures.cost.not_null [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `cost` IS NULL;

-- campaign_exposures.cost.check [violations]
SELECT `exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`cost` >= 0);

-- campaign_exposures.primary_key [violations]
SELECT concat_ws('/', CAST(`exposure_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY `exposure_id` HAVING count(*) > 1;

-- campaign_exposures.individual_id.foreign_key [violations]
SELECT c.`exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN `main`.`synthetic_data`.`individuals` p ON c.`individual_id` = p.`individual_id` WHERE c.`individual_id` IS NOT NULL AND p.`individual_id` IS NULL;

-- campaign_exposures.campaign_id.foreign_key [violations]
SELECT c.`exposure_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) p ON c.`campaign_id` = p.`campaign_id` WHERE c.`campaign_id` IS NOT NULL AND p.`campaign_id` IS NULL;

-- response_events.response_id.not_null [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `response_id` IS NULL;

-- response_events.individual_id.not_null [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `individual_id` IS NULL;

-- response_events.campaign_id.not_null [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `campaign_id` IS NULL;

-- response_events.response_type.not_null [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `response_type` IS NULL;

-- response_events.response_type.check [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`response_type` IN ('click', 'conversion', 'engagement', 'visit'));

-- response_events.response_timestamp.not_null [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `response_timestamp` IS NULL;

-- response_events.time_to_conversion_hours.check [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`time_to_conversion_hours` >= 0);

-- response_events.value.check [violations]
SELECT `response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`value` >= 0);

-- response_events.primary_key [violations]
SELECT concat_ws('/', CAST(`response_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY `response_id` HAVING count(*) > 1;

-- response_events.individual_id.foreign_key [violations]
SELECT c.`response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN `main`.`synthetic_data`.`individuals` p ON c.`individual_id` = p.`individual_id` WHERE c.`individual_id` IS NOT NULL AND p.`individual_id` IS NULL;

-- response_events.campaign_id.foreign_key [violations]
SELECT c.`response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) p ON c.`campaign_id` = p.`campaign_id` WHERE c.`campaign_id` IS NOT NULL AND p.`campaign_id` IS NULL;

-- response_events.exposure_id.foreign_key [violations]
SELECT c.`response_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.`campaign_exposures` WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) p ON c.`exposure_id` = p.`exposure_id` WHERE c.`exposure_id` IS NOT NULL AND p.`exposure_id` IS NULL;

-- outcome_metrics.outcome_id.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `outcome_id` IS NULL;

-- outcome_metrics.response_id.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `response_id` IS NULL;

-- outcome_metrics.campaign_id.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `campaign_id` IS NULL;

-- outcome_metrics.conversion_status.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `conversion_status` IS NULL;

-- outcome_metrics.conversion_status.check [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`conversion_status` IN ('converted', 'engaged', 'no_action'));

-- outcome_metrics.revenue.check [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`revenue` >= 0);

-- outcome_metrics.engagement_score.check [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`engagement_score` BETWEEN 0 AND 1);

-- outcome_metrics.attribution_model.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `attribution_model` IS NULL;

-- outcome_metrics.attribution_model.domain [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `attribution_model` NOT IN ('first_touch', 'last_touch', 'linear', 'time_decay');

-- outcome_metrics.attribution_weight.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `attribution_weight` IS NULL;

-- outcome_metrics.attribution_weight.check [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE NOT (`attribution_weight` BETWEEN 0 AND 1);

-- outcome_metrics.computed_at.not_null [violations]
SELECT `outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE `computed_at` IS NULL;

-- outcome_metrics.primary_key [violations]
SELECT concat_ws('/', CAST(`outcome_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY `outcome_id` HAVING count(*) > 1;

-- outcome_metrics.unique(response_id) [violations]
SELECT concat_ws('/', CAST(`response_id` AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY `response_id` HAVING count(*) > 1;

-- outcome_metrics.response_id.foreign_key [violations]
SELECT c.`outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.`response_events` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) p ON c.`response_id` = p.`response_id` WHERE c.`response_id` IS NOT NULL AND p.`response_id` IS NULL;

-- outcome_metrics.campaign_id.foreign_key [violations]
SELECT c.`outcome_id` AS id FROM (SELECT * FROM `main`.`synthetic_data`.`outcome_metrics` WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.`campaigns` WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) p ON c.`campaign_id` = p.`campaign_id` WHERE c.`campaign_id` IS NOT NULL AND p.`campaign_id` IS NULL;

-- individuals.orphaned_individuals [violations]
SELECT i.individual_id AS id FROM `main`.`synthetic_data`.individuals i LEFT JOIN `main`.`synthetic_data`.households h ON i.household_id = h.household_id WHERE h.household_id IS NULL;

-- response_events.temporal_violations [violations]
SELECT response_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE response_timestamp < exposure_timestamp;

-- identity_mappings.avg_identifiers_per_person [figure]
SELECT avg(id_count) AS figure, count(*) AS n FROM (SELECT m.individual_id, COUNT(*) AS id_count FROM `main`.`synthetic_data`.identity_mappings m
        JOIN `main`.`synthetic_data`.individuals i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at GROUP BY m.individual_id);

-- campaign_exposures.out_of_campaign_period [violations]
SELECT e.exposure_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) e JOIN (SELECT campaign_id, unix_micros(CAST(start_date AS TIMESTAMP)) AS starts,
         unix_micros(CAST(end_date AS TIMESTAMP) + INTERVAL 1 DAY) AS ends FROM (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))))) c ON e.campaign_id = c.campaign_id
       WHERE unix_micros(e.exposure_timestamp) < c.starts OR unix_micros(e.exposure_timestamp) > c.ends;

-- households.size_matches_members [violations]
SELECT h.household_id AS id FROM `main`.`synthetic_data`.households h LEFT JOIN (SELECT household_id, count(*) n FROM `main`.`synthetic_data`.individuals GROUP BY 1) i USING (household_id) WHERE h.household_size <> coalesce(i.n, 0);

-- identity_mappings.identifiers_per_person [violations]
SELECT i.individual_id AS id FROM `main`.`synthetic_data`.individuals i LEFT JOIN (SELECT individual_id, count(*) n FROM `main`.`synthetic_data`.identity_mappings GROUP BY 1) m USING (individual_id) WHERE coalesce(m.n, 0) NOT BETWEEN 2 AND 15;

-- content_engagements.in_window [violations]
SELECT event_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE `timestamp` < timestamp_micros(1752105600000000) OR `timestamp` >= timestamp_micros(1759881600000000);

-- content_engagements.duration_iff_view [violations]
SELECT event_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) WHERE (engagement_type = 'view') <> (duration_seconds IS NOT NULL);

-- viewership_patterns.matches_engagements [violations]
SELECT v.individual_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.viewership_patterns WHERE computed_at = timestamp_micros(1759881600000000)) v LEFT JOIN (SELECT individual_id, CAST(sum(k) AS BIGINT) AS n, max(last_ts) AS last_ts FROM (SELECT individual_id, content_category, count(*) AS k, max(`timestamp`) AS last_ts FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY individual_id, content_category) c GROUP BY individual_id) e USING (individual_id)
       WHERE e.n IS NULL OR v.total_engagements <> e.n OR v.recency_last_engagement <> e.last_ts OR abs(v.frequency_daily_avg - e.n / 90) > 1e-9;

-- audience_attributes.affinity_keys [violations]
SELECT attribute_id AS id FROM `main`.`synthetic_data`.audience_attributes WHERE size(filter(map_keys(affinity_scores), k -> NOT array_contains(array('News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids'), k))) > 0;

-- audience_attributes.affinity_sum [violations]
SELECT attribute_id AS id FROM `main`.`synthetic_data`.audience_attributes WHERE abs(aggregate(map_values(affinity_scores), CAST(0 AS DOUBLE), (acc, x) -> acc + x) - 1) > 1e-6 OR array_min(map_values(affinity_scores)) < 0 OR array_max(map_values(affinity_scores)) > 1;

-- audience_attributes.classification_thresholds [violations]
SELECT a.attribute_id AS id FROM `main`.`synthetic_data`.audience_attributes a LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.viewership_patterns WHERE computed_at = timestamp_micros(1759881600000000)) v USING (individual_id)
       WHERE a.behavioral_classification <> CASE
         WHEN v.individual_id IS NULL OR v.recency_last_engagement < timestamp_micros(1757289600000000) THEN 'Churned'
         WHEN v.frequency_daily_avg >= 1.5 THEN 'Heavy User'
         WHEN v.frequency_daily_avg >= 0.4 THEN 'Moderate User' ELSE 'Light User' END;

-- campaigns.duration [violations]
SELECT campaign_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE (datediff(end_date, start_date) + 1) NOT BETWEEN 7 AND 90;

-- campaigns.target_segments [violations]
SELECT campaign_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE size(target_segment) = 0 OR size(filter(target_segment, s -> NOT array_contains(array('News Junkie', 'Sports Fan', 'Entertainment Seeker', 'Lifelong Learner', 'Tech Enthusiast', 'Music Lover', 'Lifestyle Maven', 'Business Professional', 'Gamer', 'Family Viewer'), s))) > 0;

-- campaigns.has_channel [violations]
SELECT campaign_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) WHERE size(channels) = 0;

-- campaign_exposures.channel_in_campaign [violations]
SELECT e.exposure_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) e JOIN (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) c USING (campaign_id) WHERE NOT array_contains(c.channels, e.channel);

-- response_events.prior_exposure [violations]
SELECT r.response_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r LEFT JOIN (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) e ON r.exposure_id = e.exposure_id
       WHERE r.exposure_id IS NOT NULL AND (e.exposure_id IS NULL OR e.individual_id <> r.individual_id OR e.campaign_id <> r.campaign_id
         OR e.exposure_timestamp <> r.exposure_timestamp OR e.exposure_timestamp > r.response_timestamp);

-- response_events.time_to_conversion [violations]
SELECT response_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE exposure_timestamp IS NOT NULL
       AND abs(time_to_conversion_hours - (unix_micros(response_timestamp) - unix_micros(exposure_timestamp)) / 3.6e9) > 1e-6;

-- outcome_metrics.revenue_when_converted [violations]
SELECT o.outcome_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.outcome_metrics WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) o JOIN (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r USING (response_id)
       WHERE (o.conversion_status = 'converted' AND o.revenue IS NULL) OR ((o.conversion_status = 'converted') <> (r.response_type = 'conversion'));

-- outcome_metrics.attribution_sums_to_one [violations]
SELECT concat_ws('/', CAST(r.individual_id AS STRING), CAST(o.campaign_id AS STRING)) AS id FROM (SELECT * FROM `main`.`synthetic_data`.outcome_metrics WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) o JOIN (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r USING (response_id)
       GROUP BY r.individual_id, o.campaign_id HAVING abs(sum(o.attribution_weight) - 1) > 1e-9;

-- households.size_mean [figure]
SELECT avg(household_size) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.income_<30K [figure]
SELECT avg(CASE WHEN income_bracket = '<30K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.income_30-60K [figure]
SELECT avg(CASE WHEN income_bracket = '30-60K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.income_60-100K [figure]
SELECT avg(CASE WHEN income_bracket = '60-100K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.income_100-150K [figure]
SELECT avg(CASE WHEN income_bracket = '100-150K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.income_150K+ [figure]
SELECT avg(CASE WHEN income_bracket = '150K+' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- individuals.gender_Male [figure]
SELECT avg(CASE WHEN gender = 'Male' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.gender_Female [figure]
SELECT avg(CASE WHEN gender = 'Female' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.gender_Non-Binary [figure]
SELECT avg(CASE WHEN gender = 'Non-Binary' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.gender_Prefer not to say [figure]
SELECT avg(CASE WHEN gender = 'Prefer not to say' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- content_engagements.type_view [figure]
SELECT CAST(coalesce(sum(c) FILTER (WHERE engagement_type = 'view'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY engagement_type) b;

-- content_engagements.type_click [figure]
SELECT CAST(coalesce(sum(c) FILTER (WHERE engagement_type = 'click'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY engagement_type) b;

-- content_engagements.type_share [figure]
SELECT CAST(coalesce(sum(c) FILTER (WHERE engagement_type = 'share'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY engagement_type) b;

-- content_engagements.type_like [figure]
SELECT CAST(coalesce(sum(c) FILTER (WHERE engagement_type = 'like'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY engagement_type) b;

-- content_engagements.type_comment [figure]
SELECT CAST(coalesce(sum(c) FILTER (WHERE engagement_type = 'comment'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY engagement_type) b;

-- identity_mappings.coverage_email_hash [figure]
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM `main`.`synthetic_data`.identity_mappings WHERE identifier_type = 'email_hash') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- identity_mappings.coverage_cookie_id [figure]
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM `main`.`synthetic_data`.identity_mappings WHERE identifier_type = 'cookie_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- identity_mappings.coverage_mobile_ad_id [figure]
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM `main`.`synthetic_data`.identity_mappings WHERE identifier_type = 'mobile_ad_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- identity_mappings.coverage_device_id [figure]
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM `main`.`synthetic_data`.identity_mappings WHERE identifier_type = 'device_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- identity_mappings.coverage_ctv_id [figure]
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM `main`.`synthetic_data`.identity_mappings WHERE identifier_type = 'ctv_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- identity_mappings.coverage_hashed_phone [figure]
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM `main`.`synthetic_data`.identity_mappings WHERE identifier_type = 'hashed_phone') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.income_rises_with_age [figure]
SELECT median(income_individual) FILTER (WHERE age BETWEEN 45 AND 64) / median(income_individual) FILTER (WHERE age BETWEEN 18 AND 24) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.income_rises_with_education [figure]
SELECT median(income_individual) FILTER (WHERE education_level IN ('Bachelor', 'Master', 'Doctorate')) / median(income_individual) FILTER (WHERE education_level IN ('High School', 'Some College')) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- content_engagements.diurnal_cycle [figure]
SELECT max(c) / min(c) AS figure, sum(c) AS n FROM (SELECT hour(hour_start) h, CAST(sum(c) AS DOUBLE) c FROM (SELECT date_trunc('HOUR', `timestamp`) AS hour_start, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY 1) b GROUP BY 1);

-- content_engagements.weekly_cycle [figure]
SELECT (coalesce(CAST(sum(c) FILTER (WHERE dayofweek(hour_start) IN (1, 7)) AS BIGINT), 0) / 2.0) / (coalesce(CAST(sum(c) FILTER (WHERE dayofweek(hour_start) NOT IN (1, 7)) AS BIGINT), 0) / 5.0) AS figure, coalesce(CAST(sum(c) AS BIGINT), 0) AS n FROM (SELECT date_trunc('HOUR', `timestamp`) AS hour_start, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY 1) b;

-- content_engagements.activity_skew [figure]
SELECT sum(n) FILTER (WHERE r <= 0.1) / sum(n) AS figure, count(*) AS n FROM (SELECT n, percent_rank() OVER (ORDER BY n DESC) r FROM (SELECT individual_id, CAST(sum(k) AS BIGINT) AS n, max(last_ts) AS last_ts FROM (SELECT individual_id, content_category, count(*) AS k, max(`timestamp`) AS last_ts FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY individual_id, content_category) c GROUP BY individual_id) c);

-- response_events.propensity_drives_response [figure]
SELECT (sum(r) FILTER (WHERE q = 4) / sum(e) FILTER (WHERE q = 4)) / (sum(r) FILTER (WHERE q = 1) / sum(e) FILTER (WHERE q = 1)) AS figure, sum(e) AS n FROM (
         SELECT a.individual_id, a.q, CAST(coalesce(e.n, 0) AS DOUBLE) e, CAST(coalesce(r.n, 0) AS DOUBLE) r
         FROM (SELECT individual_id, ntile(4) OVER (ORDER BY propensity_to_convert, individual_id) q FROM `main`.`synthetic_data`.audience_attributes) a
         LEFT JOIN (SELECT individual_id, count(*) AS n FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY individual_id) e ON e.individual_id = a.individual_id
         LEFT JOIN (SELECT individual_id, count(*) AS n FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY individual_id) r ON r.individual_id = a.individual_id);

-- individuals.age_18_24 [figure]
SELECT avg(CASE WHEN age BETWEEN 18 AND 24 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_25_34 [figure]
SELECT avg(CASE WHEN age BETWEEN 25 AND 34 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_35_44 [figure]
SELECT avg(CASE WHEN age BETWEEN 35 AND 44 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_45_54 [figure]
SELECT avg(CASE WHEN age BETWEEN 45 AND 54 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_55_64 [figure]
SELECT avg(CASE WHEN age BETWEEN 55 AND 64 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_65_74 [figure]
SELECT avg(CASE WHEN age BETWEEN 65 AND 74 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_75_84 [figure]
SELECT avg(CASE WHEN age BETWEEN 75 AND 84 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.age_85_plus [figure]
SELECT avg(CASE WHEN age BETWEEN 85 AND 100 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals;

-- households.size_1 [figure]
SELECT avg(CASE WHEN household_size = 1 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.size_2 [figure]
SELECT avg(CASE WHEN household_size = 2 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.size_3 [figure]
SELECT avg(CASE WHEN household_size = 3 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.size_4 [figure]
SELECT avg(CASE WHEN household_size = 4 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.size_5 [figure]
SELECT avg(CASE WHEN household_size = 5 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.size_6_plus [figure]
SELECT avg(CASE WHEN household_size >= 6 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.housing_house [figure]
SELECT avg(CASE WHEN housing_type = 'house' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.housing_apartment [figure]
SELECT avg(CASE WHEN housing_type = 'apartment' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.housing_condo [figure]
SELECT avg(CASE WHEN housing_type = 'condo' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- households.housing_other [figure]
SELECT avg(CASE WHEN housing_type = 'other' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.households;

-- individuals.degree_share_25_64 [figure]
SELECT avg(CASE WHEN education_level IN ('Bachelor', 'Master', 'Doctorate') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.individuals WHERE age BETWEEN 25 AND 64;

-- individuals.education_by_age [figure]
SELECT avg(CASE WHEN education_level IN ('Bachelor', 'Master', 'Doctorate') THEN 1.0 ELSE 0 END) FILTER (WHERE age BETWEEN 18 AND 22)
        / NULLIF(avg(CASE WHEN education_level IN ('Bachelor', 'Master', 'Doctorate') THEN 1.0 ELSE 0 END) FILTER (WHERE age BETWEEN 25 AND 64), 0) AS figure,
      count(*) FILTER (WHERE age BETWEEN 18 AND 22) AS n FROM `main`.`synthetic_data`.individuals;

-- individuals.no_retirees_under_50 [violations]
SELECT individual_id AS id FROM `main`.`synthetic_data`.individuals WHERE employment_status = 'Retired' AND age < 50;

-- individuals.retired_share_67_plus [figure]
SELECT avg(CASE WHEN employment_status = 'Retired' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n
      FROM `main`.`synthetic_data`.individuals WHERE age >= 67;

-- content_engagements.observed_through_identifier [violations]
SELECT event_id AS id FROM (SELECT x.* FROM (SELECT event_id, individual_id, device_type, `timestamp` FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000))) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 2 WHEN 'device_id' THEN 3 WHEN 'ctv_id' THEN 4 END AS k FROM `main`.`synthetic_data`.identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.device_type WHEN 'mobile' THEN 2 WHEN 'desktop' THEN 1 WHEN 'tablet' THEN 3 WHEN 'ctv' THEN 4 END AND x.`timestamp` BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) v;

-- campaign_exposures.observed_through_identifier [violations]
SELECT exposure_id AS id FROM (SELECT x.* FROM (SELECT x.* FROM (SELECT exposure_id, individual_id, channel, exposure_timestamp FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id))))) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM `main`.`synthetic_data`.identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'email' THEN 0 WHEN 'social' THEN 1 WHEN 'display' THEN 1 WHEN 'video' THEN 1 WHEN 'ctv' THEN 2 END AND x.exposure_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM `main`.`synthetic_data`.identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'video' THEN 2 END AND x.exposure_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) v;

-- response_events.observed_through_identifier [violations]
SELECT response_id AS id FROM (SELECT x.* FROM (SELECT x.* FROM (SELECT x.* FROM (SELECT r.response_id, r.individual_id, r.response_timestamp, e.channel,
          CASE WHEN r.response_type NOT IN ('click', 'engagement') THEN 1 END AS off_the_ad
        FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r LEFT JOIN (SELECT exposure_id, channel FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id))))
          WHERE exposure_id IN (SELECT exposure_id FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))))) e ON e.exposure_id = r.exposure_id) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, 1 AS k FROM `main`.`synthetic_data`.identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = x.off_the_ad AND x.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM `main`.`synthetic_data`.identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'email' THEN 0 WHEN 'social' THEN 1 WHEN 'display' THEN 1 WHEN 'video' THEN 1 WHEN 'ctv' THEN 2 END AND x.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM `main`.`synthetic_data`.identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'video' THEN 2 END AND x.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) v;

-- identity_mappings.recency_follows_activity [figure]
SELECT avg(days) FILTER (WHERE behavioral_classification = 'Light User') / NULLIF(avg(days) FILTER (WHERE behavioral_classification = 'Heavy User'), 0) AS figure,
          least(count(*) FILTER (WHERE behavioral_classification = 'Light User'), count(*) FILTER (WHERE behavioral_classification = 'Heavy User')) AS n
        FROM (SELECT a.behavioral_classification, (1759881600000000 - unix_micros(m.last_seen)) / 8.64e10 AS days
          FROM `main`.`synthetic_data`.identity_mappings m JOIN `main`.`synthetic_data`.audience_attributes a ON a.individual_id = m.individual_id WHERE m.active) x;

-- identity_mappings.active_means_recent [violations]
SELECT mapping_id AS id FROM `main`.`synthetic_data`.identity_mappings WHERE active <> (last_seen >= timestamp_micros(1755993600000000));

-- identity_mappings.inactive_share [figure]
SELECT avg(CASE WHEN unix_micros(m.last_seen) < unix_micros(i.created_at) - 3888000000000 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM `main`.`synthetic_data`.identity_mappings m JOIN `main`.`synthetic_data`.individuals i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at;

-- content_engagements.local_daily_curve [figure]
WITH e AS (SELECT individual_id, min(`timestamp`) AS started FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY individual_id, session_id) SELECT 0.5 * sum(abs(coalesce(o.c, 0) / t.n - x.p)) AS figure, max(t.n) AS n FROM (VALUES (0, 0.023747), (1, 0.013193), (2, 0.007916), (3, 0.005277), (4, 0.005277), (5, 0.007916), (6, 0.018470), (7, 0.034301), (8, 0.042216), (9, 0.039578), (10, 0.036939), (11, 0.039578), (12, 0.047493), (13, 0.044855), (14, 0.039578), (15, 0.039578), (16, 0.044855), (17, 0.052770), (18, 0.065963), (19, 0.079156), (20, 0.092348), (21, 0.094987), (22, 0.076517), (23, 0.047493)) AS x(h, p)
      LEFT JOIN (SELECT hour(from_utc_timestamp(b.hour_start, CASE WHEN b.state IN ('AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI') THEN 'America/Chicago' WHEN b.state IN ('CO', 'ID', 'MT', 'NM', 'UT', 'WY') THEN 'America/Denver' WHEN b.state IN ('AZ') THEN 'America/Phoenix' WHEN b.state IN ('CA', 'NV', 'OR', 'WA') THEN 'America/Los_Angeles' WHEN b.state IN ('AK') THEN 'America/Anchorage' WHEN b.state IN ('HI') THEN 'Pacific/Honolulu' ELSE 'America/New_York' END)) AS h, sum(b.c) AS c
        FROM (SELECT hh.location_state AS state, date_trunc('HOUR', r.started) AS hour_start, CAST(count(*) AS DOUBLE) AS c
          FROM e r JOIN `main`.`synthetic_data`.individuals i ON i.individual_id = r.individual_id
          JOIN `main`.`synthetic_data`.households hh ON hh.household_id = i.household_id GROUP BY 1, 2) b GROUP BY 1) o ON o.h = x.h
      CROSS JOIN (SELECT CAST(count(*) AS DOUBLE) AS n FROM e) t;

-- campaign_exposures.local_daily_curve [figure]
SELECT 0.5 * sum(abs(coalesce(o.c, 0) / t.n - x.p)) AS figure, max(t.n) AS n FROM (VALUES (0, 0.023747), (1, 0.013193), (2, 0.007916), (3, 0.005277), (4, 0.005277), (5, 0.007916), (6, 0.018470), (7, 0.034301), (8, 0.042216), (9, 0.039578), (10, 0.036939), (11, 0.039578), (12, 0.047493), (13, 0.044855), (14, 0.039578), (15, 0.039578), (16, 0.044855), (17, 0.052770), (18, 0.065963), (19, 0.079156), (20, 0.092348), (21, 0.094987), (22, 0.076517), (23, 0.047493)) AS x(h, p)
      LEFT JOIN (SELECT hour(from_utc_timestamp(b.hour_start, CASE WHEN b.state IN ('AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI') THEN 'America/Chicago' WHEN b.state IN ('CO', 'ID', 'MT', 'NM', 'UT', 'WY') THEN 'America/Denver' WHEN b.state IN ('AZ') THEN 'America/Phoenix' WHEN b.state IN ('CA', 'NV', 'OR', 'WA') THEN 'America/Los_Angeles' WHEN b.state IN ('AK') THEN 'America/Anchorage' WHEN b.state IN ('HI') THEN 'Pacific/Honolulu' ELSE 'America/New_York' END)) AS h, sum(b.c) AS c
        FROM (SELECT hh.location_state AS state, date_trunc('HOUR', r.exposure_timestamp) AS hour_start, CAST(count(*) AS DOUBLE) AS c
          FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r JOIN `main`.`synthetic_data`.individuals i ON i.individual_id = r.individual_id
          JOIN `main`.`synthetic_data`.households hh ON hh.household_id = i.household_id GROUP BY 1, 2) b GROUP BY 1) o ON o.h = x.h
      CROSS JOIN (SELECT CAST(count(*) AS DOUBLE) AS n FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id))))) t;

-- campaign_exposures.served_while_online [figure]
SELECT corr(x.c, e.c) AS figure, sum(x.c) AS n
        FROM (SELECT hour(exposure_timestamp) AS h, CAST(count(*) AS DOUBLE) AS c FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY 1) x
        JOIN (SELECT hour(hour_start) AS h, CAST(sum(c) AS DOUBLE) AS c FROM (SELECT date_trunc('HOUR', `timestamp`) AS hour_start, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.content_engagements WHERE `timestamp` >= timestamp_micros(1752105600000000)) GROUP BY 1) b GROUP BY 1) e ON e.h = x.h;

-- campaign_exposures.cpm_email [figure]
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY channel) b WHERE channel = 'email';

-- campaign_exposures.cpm_social [figure]
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY channel) b WHERE channel = 'social';

-- campaign_exposures.cpm_display [figure]
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY channel) b WHERE channel = 'display';

-- campaign_exposures.cpm_video [figure]
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY channel) b WHERE channel = 'video';

-- campaign_exposures.cpm_ctv [figure]
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY channel) b WHERE channel = 'ctv';

-- campaign_exposures.email_needs_email_id [violations]
SELECT e.exposure_id AS id FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) e WHERE e.channel = 'email' AND NOT EXISTS (
        SELECT 1 FROM `main`.`synthetic_data`.identity_mappings m WHERE m.individual_id = e.individual_id AND m.identifier_type = 'email_hash');

-- campaign_exposures.volume_follows_activity [figure]
SELECT (sum(x) FILTER (WHERE behavioral_classification = 'Heavy User') / NULLIF(count(*) FILTER (WHERE behavioral_classification = 'Heavy User'), 0)) / NULLIF(sum(x) FILTER (WHERE behavioral_classification = 'Light User') / NULLIF(count(*) FILTER (WHERE behavioral_classification = 'Light User'), 0), 0) AS figure,
          least(count(*) FILTER (WHERE behavioral_classification = 'Heavy User'), count(*) FILTER (WHERE behavioral_classification = 'Light User')) AS n
        FROM (SELECT a.behavioral_classification, coalesce(e.x, 0) AS x FROM `main`.`synthetic_data`.audience_attributes a
          LEFT JOIN (SELECT individual_id, count(*) AS x FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) WHERE channel <> 'email' GROUP BY individual_id) e
            ON e.individual_id = a.individual_id) p;

-- outcome_metrics.no_revenue_without_action [violations]
SELECT outcome_id AS id FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      unix_micros(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM (SELECT * FROM `main`.`synthetic_data`.outcome_metrics WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) o JOIN (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r ON r.response_id = o.response_id) p
        WHERE revenue IS NOT NULL AND (conversion_status = 'no_action' OR NOT EXISTS (
          SELECT 1 FROM (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) c WHERE c.individual_id = p.individual_id AND c.campaign_id = p.campaign_id AND c.value IS NOT NULL));

-- outcome_metrics.revenue_is_path_value [violations]
SELECT concat_ws('/', CAST(individual_id AS STRING), CAST(campaign_id AS STRING)) AS id FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      unix_micros(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM (SELECT * FROM `main`.`synthetic_data`.outcome_metrics WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) o JOIN (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r ON r.response_id = o.response_id) p GROUP BY individual_id, campaign_id
        HAVING sum(value) IS NOT NULL AND abs(coalesce(sum(revenue), 0) - sum(value)) > 0.01 * count(*);

-- outcome_metrics.weights_follow_model [violations]
SELECT outcome_id AS id FROM (SELECT *, CASE WHEN credited = 1 THEN 1.0 / count(*) OVER (PARTITION BY individual_id, campaign_id, credited) ELSE 0.0 END AS expected
          FROM (SELECT *, max(t) OVER (PARTITION BY individual_id, campaign_id, credited) AS t_last FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      unix_micros(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM (SELECT * FROM `main`.`synthetic_data`.outcome_metrics WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) o JOIN (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r ON r.response_id = o.response_id) p) l) w
        WHERE abs(attribution_weight - expected) > 1e-9;

-- outcome_metrics.multi_touch_paths [figure]
SELECT avg(CASE WHEN k >= 2 THEN 1.0 ELSE 0.0 END) AS figure, count(*) AS n
        FROM (SELECT individual_id, campaign_id, sum(credited) AS k FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      unix_micros(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM (SELECT * FROM `main`.`synthetic_data`.outcome_metrics WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) o JOIN (SELECT * FROM `main`.`synthetic_data`.response_events WHERE response_id IN (SELECT response_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) r ON r.response_id = o.response_id) p GROUP BY 1, 2) paths;

-- campaign_exposures.on_target [figure]
WITH combos AS (SELECT segment_primary, segment_secondary, people,
            row_number() OVER (ORDER BY segment_primary, segment_secondary) AS combo
          FROM (SELECT segment_primary, segment_secondary, CAST(count(*) AS DOUBLE) AS people FROM `main`.`synthetic_data`.audience_attributes
            GROUP BY segment_primary, segment_secondary) g),
        person_combo AS (SELECT p.individual_id, k.combo FROM `main`.`synthetic_data`.audience_attributes p JOIN combos k
          ON p.segment_primary IS NOT DISTINCT FROM k.segment_primary AND p.segment_secondary IS NOT DISTINCT FROM k.segment_secondary)
        SELECT sum(off_x * on_n / (on_n + off_n)) / NULLIF(sum(on_x * off_n / (on_n + off_n)), 0) AS figure, sum(on_x) AS n
        FROM (SELECT campaign_id, sum(CASE WHEN on_target THEN 0.0 ELSE exposed END) AS off_x, sum(CASE WHEN on_target THEN 0.0 ELSE people END) AS off_n,
            sum(CASE WHEN on_target THEN exposed ELSE 0.0 END) AS on_x, sum(CASE WHEN on_target THEN people ELSE 0.0 END) AS on_n
          FROM (SELECT c.campaign_id, arrays_overlap(c.target_segment, concat(array(a.segment_primary), coalesce(a.segment_secondary, CAST(array() AS ARRAY<STRING>)))) AS on_target, a.people, 0.0 AS exposed
              FROM combos a CROSS JOIN (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) c
            UNION ALL
            SELECT c.campaign_id, arrays_overlap(c.target_segment, concat(array(a.segment_primary), coalesce(a.segment_secondary, CAST(array() AS ARRAY<STRING>)))) AS on_target, 0.0 AS people, x.exposed
              FROM (SELECT r.campaign_id, p.combo, CAST(count(*) AS DOUBLE) AS exposed
                FROM (SELECT individual_id, campaign_id FROM (SELECT * FROM `main`.`synthetic_data`.campaign_exposures WHERE exposure_timestamp >= timestamp_micros(1759276800000000) OR exposure_id IN (SELECT exposure_id FROM (SELECT r.* FROM `main`.`synthetic_data`.response_events r JOIN (SELECT DISTINCT * FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000))) p USING (individual_id, campaign_id)))) GROUP BY individual_id, campaign_id) r
                JOIN person_combo p ON p.individual_id = r.individual_id
                GROUP BY r.campaign_id, p.combo) x
              JOIN combos a ON a.combo = x.combo
              JOIN (SELECT * FROM `main`.`synthetic_data`.campaigns WHERE end_date >= DATE '2025-10-01' OR campaign_id IN (SELECT campaign_id FROM (SELECT individual_id, campaign_id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp >= timestamp_micros(1759276800000000)))) c ON c.campaign_id = x.campaign_id) AS pairs
          GROUP BY campaign_id) AS per_campaign;
