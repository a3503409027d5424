-- households.household_id.not_null [violations] household_id is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "household_id" IS NULL;

-- households.location_city.not_null [violations] location_city is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "location_city" IS NULL;

-- households.location_state.not_null [violations] location_state is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "location_state" IS NULL;

-- households.location_zip.not_null [violations] location_zip is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "location_zip" IS NULL;

-- households.income_bracket.not_null [violations] income_bracket is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "income_bracket" IS NULL;

-- households.income_bracket.check [violations] CHECK ("income_bracket" IN ('<30K', '30-60K', '60-100K', '100-150K', '150K+'))
SELECT "household_id" AS id FROM "households" WHERE NOT (list_contains(['<30K', '30-60K', '60-100K', '100-150K', '150K+'], "income_bracket"));

-- households.household_size.not_null [violations] household_size is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "household_size" IS NULL;

-- households.household_size.check [violations] CHECK ("household_size" BETWEEN 1 AND 10)
SELECT "household_id" AS id FROM "households" WHERE NOT ("household_size" BETWEEN 1 AND 10);

-- households.housing_type.not_null [violations] housing_type is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "housing_type" IS NULL;

-- households.housing_type.domain [violations] housing_type in (house, apartment, condo, other)
SELECT "household_id" AS id FROM "households" WHERE NOT list_contains(['house', 'apartment', 'condo', 'other'], "housing_type");

-- households.created_at.not_null [violations] created_at is NOT NULL
SELECT "household_id" AS id FROM "households" WHERE "created_at" IS NULL;

-- households.primary_key [violations] PRIMARY KEY (household_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "household_id" AS k, lag("household_id") OVER w AS prev, lead("household_id") OVER w AS next,
      row_number() OVER w AS i FROM "households" WINDOW w AS (ORDER BY "household_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- individuals.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "individual_id" IS NULL;

-- individuals.household_id.not_null [violations] household_id is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "household_id" IS NULL;

-- individuals.age.not_null [violations] age is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "age" IS NULL;

-- individuals.age.check [violations] CHECK ("age" BETWEEN 18 AND 100)
SELECT "individual_id" AS id FROM "individuals" WHERE NOT ("age" BETWEEN 18 AND 100);

-- individuals.gender.not_null [violations] gender is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "gender" IS NULL;

-- individuals.gender.check [violations] CHECK ("gender" IN ('Male', 'Female', 'Non-Binary', 'Prefer not to say'))
SELECT "individual_id" AS id FROM "individuals" WHERE NOT (list_contains(['Male', 'Female', 'Non-Binary', 'Prefer not to say'], "gender"));

-- individuals.education_level.not_null [violations] education_level is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "education_level" IS NULL;

-- individuals.education_level.domain [violations] education_level in (High School, Some College, Bachelor, Master, Doctorate)
SELECT "individual_id" AS id FROM "individuals" WHERE NOT list_contains(['High School', 'Some College', 'Bachelor', 'Master', 'Doctorate'], "education_level");

-- individuals.employment_status.not_null [violations] employment_status is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "employment_status" IS NULL;

-- individuals.employment_status.domain [violations] employment_status in (Employed, Self-Employed, Unemployed, Student, Retired)
SELECT "individual_id" AS id FROM "individuals" WHERE NOT list_contains(['Employed', 'Self-Employed', 'Unemployed', 'Student', 'Retired'], "employment_status");

-- individuals.created_at.not_null [violations] created_at is NOT NULL
SELECT "individual_id" AS id FROM "individuals" WHERE "created_at" IS NULL;

-- individuals.primary_key [violations] PRIMARY KEY (individual_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "individual_id" AS k, lag("individual_id") OVER w AS prev, lead("individual_id") OVER w AS next,
      row_number() OVER w AS i FROM "individuals" WINDOW w AS (ORDER BY "individual_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- individuals.household_id.foreign_key [violations] FOREIGN KEY household_id → households(household_id)
SELECT c."individual_id" AS id FROM "individuals" c LEFT JOIN "households" p ON c."household_id" = p."household_id" WHERE c."household_id" IS NOT NULL AND p."household_id" IS NULL;

-- identity_mappings.mapping_id.not_null [violations] mapping_id is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "mapping_id" IS NULL;

-- identity_mappings.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "individual_id" IS NULL;

-- identity_mappings.identifier_type.not_null [violations] identifier_type is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "identifier_type" IS NULL;

-- identity_mappings.identifier_type.check [violations] CHECK ("identifier_type" IN ('email_hash', 'cookie_id', 'mobile_ad_id', 'device_id', 'ctv_id', 'hashed_phone'))
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE NOT (list_contains(['email_hash', 'cookie_id', 'mobile_ad_id', 'device_id', 'ctv_id', 'hashed_phone'], "identifier_type"));

-- identity_mappings.identifier_value.not_null [violations] identifier_value is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "identifier_value" IS NULL;

-- identity_mappings.first_seen.not_null [violations] first_seen is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "first_seen" IS NULL;

-- identity_mappings.last_seen.not_null [violations] last_seen is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "last_seen" IS NULL;

-- identity_mappings.last_seen.check [violations] CHECK ("last_seen" >= "first_seen")
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE NOT ("last_seen" >= "first_seen");

-- identity_mappings.active.not_null [violations] active is NOT NULL
SELECT "mapping_id" AS id FROM "identity_mappings" WHERE "active" IS NULL;

-- identity_mappings.primary_key [violations] PRIMARY KEY (mapping_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "mapping_id" AS k, lag("mapping_id") OVER w AS prev, lead("mapping_id") OVER w AS next,
      row_number() OVER w AS i FROM "identity_mappings" WINDOW w AS (ORDER BY "mapping_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- identity_mappings.unique(identifier_type,identifier_value) [violations] UNIQUE (identifier_type, identifier_value)
SELECT concat_ws('/', CAST("identifier_type" AS VARCHAR), CAST("identifier_value" AS VARCHAR)) AS id FROM "identity_mappings" GROUP BY "identifier_type", "identifier_value" HAVING count(*) > 1;

-- identity_mappings.individual_id.foreign_key [violations] FOREIGN KEY individual_id → individuals(individual_id)
SELECT c."mapping_id" AS id FROM "identity_mappings" c LEFT JOIN "individuals" p ON c."individual_id" = p."individual_id" WHERE c."individual_id" IS NOT NULL AND p."individual_id" IS NULL;

-- content_engagements.event_id.not_null [violations] event_id is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "event_id" IS NULL;

-- content_engagements.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "individual_id" IS NULL;

-- content_engagements.content_id.not_null [violations] content_id is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "content_id" IS NULL;

-- content_engagements.content_category.not_null [violations] content_category is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "content_category" IS NULL;

-- content_engagements.content_category.domain [violations] content_category in (News, Sports, Entertainment, Education, Technology, Music, Lifestyle, Business, Gaming, Kids)
SELECT "event_id" AS id FROM "content_engagements" WHERE NOT list_contains(['News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids'], "content_category");

-- content_engagements.engagement_type.not_null [violations] engagement_type is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "engagement_type" IS NULL;

-- content_engagements.engagement_type.check [violations] CHECK ("engagement_type" IN ('view', 'click', 'share', 'like', 'comment'))
SELECT "event_id" AS id FROM "content_engagements" WHERE NOT (list_contains(['view', 'click', 'share', 'like', 'comment'], "engagement_type"));

-- content_engagements.timestamp.not_null [violations] timestamp is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "timestamp" IS NULL;

-- content_engagements.duration_seconds.check [violations] CHECK ("duration_seconds" >= 0)
SELECT "event_id" AS id FROM "content_engagements" WHERE NOT ("duration_seconds" >= 0);

-- content_engagements.device_type.not_null [violations] device_type is NOT NULL
SELECT "event_id" AS id FROM "content_engagements" WHERE "device_type" IS NULL;

-- content_engagements.device_type.domain [violations] device_type in (mobile, desktop, tablet, ctv)
SELECT "event_id" AS id FROM "content_engagements" WHERE NOT list_contains(['mobile', 'desktop', 'tablet', 'ctv'], "device_type");

-- content_engagements.primary_key [violations] PRIMARY KEY (event_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "event_id" AS k, lag("event_id") OVER w AS prev, lead("event_id") OVER w AS next,
      row_number() OVER w AS i FROM "content_engagements" WINDOW w AS (ORDER BY "event_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- content_engagements.individual_id.foreign_key [violations] FOREIGN KEY individual_id → individuals(individual_id)
SELECT c."event_id" AS id FROM "content_engagements" c LEFT JOIN "individuals" p ON c."individual_id" = p."individual_id" WHERE c."individual_id" IS NOT NULL AND p."individual_id" IS NULL;

-- viewership_patterns.pattern_id.not_null [violations] pattern_id is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "pattern_id" IS NULL;

-- viewership_patterns.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "individual_id" IS NULL;

-- viewership_patterns.total_engagements.not_null [violations] total_engagements is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "total_engagements" IS NULL;

-- viewership_patterns.total_engagements.check [violations] CHECK ("total_engagements" >= 0)
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE NOT ("total_engagements" >= 0);

-- viewership_patterns.frequency_daily_avg.not_null [violations] frequency_daily_avg is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "frequency_daily_avg" IS NULL;

-- viewership_patterns.recency_last_engagement.not_null [violations] recency_last_engagement is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "recency_last_engagement" IS NULL;

-- viewership_patterns.preferred_categories.not_null [violations] preferred_categories is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "preferred_categories" IS NULL;

-- viewership_patterns.preferred_device.not_null [violations] preferred_device is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "preferred_device" IS NULL;

-- viewership_patterns.preferred_device.domain [violations] preferred_device in (mobile, desktop, tablet, ctv)
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE NOT list_contains(['mobile', 'desktop', 'tablet', 'ctv'], "preferred_device");

-- viewership_patterns.peak_hour.not_null [violations] peak_hour is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "peak_hour" IS NULL;

-- viewership_patterns.peak_hour.check [violations] CHECK ("peak_hour" BETWEEN 0 AND 23)
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE NOT ("peak_hour" BETWEEN 0 AND 23);

-- viewership_patterns.computed_at.not_null [violations] computed_at is NOT NULL
SELECT "pattern_id" AS id FROM "viewership_patterns" WHERE "computed_at" IS NULL;

-- viewership_patterns.primary_key [violations] PRIMARY KEY (pattern_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "pattern_id" AS k, lag("pattern_id") OVER w AS prev, lead("pattern_id") OVER w AS next,
      row_number() OVER w AS i FROM "viewership_patterns" WINDOW w AS (ORDER BY "pattern_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- viewership_patterns.unique(individual_id) [violations] UNIQUE (individual_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "individual_id" AS k, lag("individual_id") OVER w AS prev, lead("individual_id") OVER w AS next,
      row_number() OVER w AS i FROM "viewership_patterns" WINDOW w AS (ORDER BY "individual_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- viewership_patterns.individual_id.foreign_key [violations] FOREIGN KEY individual_id → individuals(individual_id)
SELECT c."pattern_id" AS id FROM "viewership_patterns" c LEFT JOIN "individuals" p ON c."individual_id" = p."individual_id" WHERE c."individual_id" IS NOT NULL AND p."individual_id" IS NULL;

-- audience_attributes.attribute_id.not_null [violations] attribute_id is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "attribute_id" IS NULL;

-- audience_attributes.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "individual_id" IS NULL;

-- audience_attributes.segment_primary.not_null [violations] segment_primary is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "segment_primary" IS NULL;

-- audience_attributes.segment_primary.domain [violations] segment_primary in (News Junkie, Sports Fan, Entertainment Seeker, Lifelong Learner, Tech Enthusiast, Music Lover, Lifestyle Maven, Business Professional, Gamer, Family Viewer)
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE NOT list_contains(['News Junkie', 'Sports Fan', 'Entertainment Seeker', 'Lifelong Learner', 'Tech Enthusiast', 'Music Lover', 'Lifestyle Maven', 'Business Professional', 'Gamer', 'Family Viewer'], "segment_primary");

-- audience_attributes.affinity_scores.not_null [violations] affinity_scores is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "affinity_scores" IS NULL;

-- audience_attributes.behavioral_classification.not_null [violations] behavioral_classification is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "behavioral_classification" IS NULL;

-- audience_attributes.behavioral_classification.domain [violations] behavioral_classification in (Heavy User, Moderate User, Light User, Churned)
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE NOT list_contains(['Heavy User', 'Moderate User', 'Light User', 'Churned'], "behavioral_classification");

-- audience_attributes.propensity_to_convert.not_null [violations] propensity_to_convert is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "propensity_to_convert" IS NULL;

-- audience_attributes.propensity_to_convert.check [violations] CHECK ("propensity_to_convert" BETWEEN 0 AND 1)
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE NOT ("propensity_to_convert" BETWEEN 0 AND 1);

-- audience_attributes.computed_at.not_null [violations] computed_at is NOT NULL
SELECT "attribute_id" AS id FROM "audience_attributes" WHERE "computed_at" IS NULL;

-- audience_attributes.primary_key [violations] PRIMARY KEY (attribute_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "attribute_id" AS k, lag("attribute_id") OVER w AS prev, lead("attribute_id") OVER w AS next,
      row_number() OVER w AS i FROM "audience_attributes" WINDOW w AS (ORDER BY "attribute_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- audience_attributes.unique(individual_id) [violations] UNIQUE (individual_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "individual_id" AS k, lag("individual_id") OVER w AS prev, lead("individual_id") OVER w AS next,
      row_number() OVER w AS i FROM "audience_attributes" WINDOW w AS (ORDER BY "individual_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- audience_attributes.individual_id.foreign_key [violations] FOREIGN KEY individual_id → individuals(individual_id)
SELECT c."attribute_id" AS id FROM "audience_attributes" c LEFT JOIN "individuals" p ON c."individual_id" = p."individual_id" WHERE c."individual_id" IS NOT NULL AND p."individual_id" IS NULL;

-- campaigns.campaign_id.not_null [violations] campaign_id is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "campaign_id" IS NULL;

-- campaigns.campaign_name.not_null [violations] campaign_name is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "campaign_name" IS NULL;

-- campaigns.start_date.not_null [violations] start_date is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "start_date" IS NULL;

-- campaigns.end_date.not_null [violations] end_date is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "end_date" IS NULL;

-- campaigns.end_date.check [violations] CHECK ("end_date" >= "start_date")
SELECT "campaign_id" AS id FROM "campaigns" WHERE NOT ("end_date" >= "start_date");

-- campaigns.target_segment.not_null [violations] target_segment is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "target_segment" IS NULL;

-- campaigns.channels.not_null [violations] channels is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "channels" IS NULL;

-- campaigns.budget.not_null [violations] budget is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "budget" IS NULL;

-- campaigns.budget.check [violations] CHECK ("budget" > 0)
SELECT "campaign_id" AS id FROM "campaigns" WHERE NOT ("budget" > 0);

-- campaigns.goal.not_null [violations] goal is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "goal" IS NULL;

-- campaigns.goal.domain [violations] goal in (awareness, consideration, conversion)
SELECT "campaign_id" AS id FROM "campaigns" WHERE NOT list_contains(['awareness', 'consideration', 'conversion'], "goal");

-- campaigns.created_at.not_null [violations] created_at is NOT NULL
SELECT "campaign_id" AS id FROM "campaigns" WHERE "created_at" IS NULL;

-- campaigns.primary_key [violations] PRIMARY KEY (campaign_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "campaign_id" AS k, lag("campaign_id") OVER w AS prev, lead("campaign_id") OVER w AS next,
      row_number() OVER w AS i FROM "campaigns" WINDOW w AS (ORDER BY "campaign_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- campaign_exposures.exposure_id.not_null [violations] exposure_id is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "exposure_id" IS NULL;

-- campaign_exposures.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "individual_id" IS NULL;

-- campaign_exposures.campaign_id.not_null [violations] campaign_id is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "campaign_id" IS NULL;

-- campaign_exposures.exposure_timestamp.not_null [violations] exposure_timestamp is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "exposure_timestamp" IS NULL;

-- campaign_exposures.channel.not_null [violations] channel is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "channel" IS NULL;

-- campaign_exposures.channel.check [violations] CHECK ("channel" IN ('email', 'social', 'display', 'video', 'ctv'))
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE NOT (list_contains(['email', 'social', 'display', 'video', 'ctv'], "channel"));

-- campaign_exposures.frequency.not_null [violations] frequency is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "frequency" IS NULL;

-- campaign_exposures.frequency.check [violations] CHECK ("frequency" > 0)
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE NOT ("frequency" > 0);

-- campaign_exposures.cost.not_null [violations] cost is NOT NULL
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE "cost" IS NULL;

-- campaign_exposures.cost.check [violations] CHECK ("cost" >= 0)
SELECT "exposure_id" AS id FROM "campaign_exposures" WHERE NOT ("cost" >= 0);

-- campaign_exposures.primary_key [violations] PRIMARY KEY (exposure_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "exposure_id" AS k, lag("exposure_id") OVER w AS prev, lead("exposure_id") OVER w AS next,
      row_number() OVER w AS i FROM "campaign_exposures" WINDOW w AS (ORDER BY "exposure_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- campaign_exposures.individual_id.foreign_key [violations] FOREIGN KEY individual_id → individuals(individual_id)
SELECT c."exposure_id" AS id FROM "campaign_exposures" c LEFT JOIN "individuals" p ON c."individual_id" = p."individual_id" WHERE c."individual_id" IS NOT NULL AND p."individual_id" IS NULL;

-- campaign_exposures.campaign_id.foreign_key [violations] FOREIGN KEY campaign_id → campaigns(campaign_id)
SELECT c."exposure_id" AS id FROM "campaign_exposures" c LEFT JOIN "campaigns" p ON c."campaign_id" = p."campaign_id" WHERE c."campaign_id" IS NOT NULL AND p."campaign_id" IS NULL;

-- response_events.response_id.not_null [violations] response_id is NOT NULL
SELECT "response_id" AS id FROM "response_events" WHERE "response_id" IS NULL;

-- response_events.individual_id.not_null [violations] individual_id is NOT NULL
SELECT "response_id" AS id FROM "response_events" WHERE "individual_id" IS NULL;

-- response_events.campaign_id.not_null [violations] campaign_id is NOT NULL
SELECT "response_id" AS id FROM "response_events" WHERE "campaign_id" IS NULL;

-- response_events.response_type.not_null [violations] response_type is NOT NULL
SELECT "response_id" AS id FROM "response_events" WHERE "response_type" IS NULL;

-- response_events.response_type.check [violations] CHECK ("response_type" IN ('click', 'conversion', 'engagement', 'visit'))
SELECT "response_id" AS id FROM "response_events" WHERE NOT (list_contains(['click', 'conversion', 'engagement', 'visit'], "response_type"));

-- response_events.response_timestamp.not_null [violations] response_timestamp is NOT NULL
SELECT "response_id" AS id FROM "response_events" WHERE "response_timestamp" IS NULL;

-- response_events.time_to_conversion_hours.check [violations] CHECK ("time_to_conversion_hours" >= 0)
SELECT "response_id" AS id FROM "response_events" WHERE NOT ("time_to_conversion_hours" >= 0);

-- response_events.value.check [violations] CHECK ("value" >= 0)
SELECT "response_id" AS id FROM "response_events" WHERE NOT ("value" >= 0);

-- response_events.primary_key [violations] PRIMARY KEY (response_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "response_id" AS k, lag("response_id") OVER w AS prev, lead("response_id") OVER w AS next,
      row_number() OVER w AS i FROM "response_events" WINDOW w AS (ORDER BY "response_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- response_events.individual_id.foreign_key [violations] FOREIGN KEY individual_id → individuals(individual_id)
SELECT c."response_id" AS id FROM "response_events" c LEFT JOIN "individuals" p ON c."individual_id" = p."individual_id" WHERE c."individual_id" IS NOT NULL AND p."individual_id" IS NULL;

-- response_events.campaign_id.foreign_key [violations] FOREIGN KEY campaign_id → campaigns(campaign_id)
SELECT c."response_id" AS id FROM "response_events" c LEFT JOIN "campaigns" p ON c."campaign_id" = p."campaign_id" WHERE c."campaign_id" IS NOT NULL AND p."campaign_id" IS NULL;

-- response_events.exposure_id.foreign_key [violations] FOREIGN KEY exposure_id → campaign_exposures(exposure_id)
SELECT c."response_id" AS id FROM "response_events" c LEFT JOIN "campaign_exposures" p ON c."exposure_id" = p."exposure_id" WHERE c."exposure_id" IS NOT NULL AND p."exposure_id" IS NULL;

-- outcome_metrics.outcome_id.not_null [violations] outcome_id is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "outcome_id" IS NULL;

-- outcome_metrics.response_id.not_null [violations] response_id is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "response_id" IS NULL;

-- outcome_metrics.campaign_id.not_null [violations] campaign_id is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "campaign_id" IS NULL;

-- outcome_metrics.conversion_status.not_null [violations] conversion_status is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "conversion_status" IS NULL;

-- outcome_metrics.conversion_status.check [violations] CHECK ("conversion_status" IN ('converted', 'engaged', 'no_action'))
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE NOT (list_contains(['converted', 'engaged', 'no_action'], "conversion_status"));

-- outcome_metrics.revenue.check [violations] CHECK ("revenue" >= 0)
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE NOT ("revenue" >= 0);

-- outcome_metrics.engagement_score.check [violations] CHECK ("engagement_score" BETWEEN 0 AND 1)
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE NOT ("engagement_score" BETWEEN 0 AND 1);

-- outcome_metrics.attribution_model.not_null [violations] attribution_model is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "attribution_model" IS NULL;

-- outcome_metrics.attribution_model.domain [violations] attribution_model in (first_touch, last_touch, linear, time_decay)
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE NOT list_contains(['first_touch', 'last_touch', 'linear', 'time_decay'], "attribution_model");

-- outcome_metrics.attribution_weight.not_null [violations] attribution_weight is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "attribution_weight" IS NULL;

-- outcome_metrics.attribution_weight.check [violations] CHECK ("attribution_weight" BETWEEN 0 AND 1)
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE NOT ("attribution_weight" BETWEEN 0 AND 1);

-- outcome_metrics.computed_at.not_null [violations] computed_at is NOT NULL
SELECT "outcome_id" AS id FROM "outcome_metrics" WHERE "computed_at" IS NULL;

-- outcome_metrics.primary_key [violations] PRIMARY KEY (outcome_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "outcome_id" AS k, lag("outcome_id") OVER w AS prev, lead("outcome_id") OVER w AS next,
      row_number() OVER w AS i FROM "outcome_metrics" WINDOW w AS (ORDER BY "outcome_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- outcome_metrics.unique(response_id) [violations] UNIQUE (response_id)
SELECT concat_ws('/', CAST(k AS VARCHAR)) AS id FROM (SELECT "response_id" AS k, lag("response_id") OVER w AS prev, lead("response_id") OVER w AS next,
      row_number() OVER w AS i FROM "outcome_metrics" WINDOW w AS (ORDER BY "response_id")) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev);

-- outcome_metrics.response_id.foreign_key [violations] FOREIGN KEY response_id → response_events(response_id)
SELECT c."outcome_id" AS id FROM "outcome_metrics" c LEFT JOIN "response_events" p ON c."response_id" = p."response_id" WHERE c."response_id" IS NOT NULL AND p."response_id" IS NULL;

-- outcome_metrics.campaign_id.foreign_key [violations] FOREIGN KEY campaign_id → campaigns(campaign_id)
SELECT c."outcome_id" AS id FROM "outcome_metrics" c LEFT JOIN "campaigns" p ON c."campaign_id" = p."campaign_id" WHERE c."campaign_id" IS NOT NULL AND p."campaign_id" IS NULL;

-- individuals.orphaned_individuals [violations] validation query: individuals without a household
SELECT i.individual_id AS id FROM individuals i LEFT JOIN households h ON i.household_id = h.household_id WHERE h.household_id IS NULL;

-- response_events.temporal_violations [violations] validation query: response_timestamp < exposure_timestamp
SELECT response_id AS id FROM response_events WHERE response_timestamp < exposure_timestamp;

-- identity_mappings.avg_identifiers_per_person [figure] validation query: average identifiers per person ≈ 4 (as each person entered the graph)
SELECT avg(id_count) AS figure, count(*) AS n FROM (SELECT m.individual_id, COUNT(*) AS id_count FROM identity_mappings m
        JOIN individuals i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at GROUP BY m.individual_id);

-- campaign_exposures.out_of_campaign_period [violations] validation query: exposure outside its campaign flight
SELECT e.exposure_id AS id FROM campaign_exposures e JOIN (SELECT campaign_id, epoch_us(CAST(start_date AS TIMESTAMP)) AS starts,
         epoch_us(CAST(end_date AS TIMESTAMP) + INTERVAL 1 DAY) AS ends FROM campaigns) c ON e.campaign_id = c.campaign_id
       WHERE epoch_us(e.exposure_timestamp) < c.starts OR epoch_us(e.exposure_timestamp) > c.ends;

-- households.size_matches_members [violations] household_size equals its number of individuals
SELECT h.household_id AS id FROM households h LEFT JOIN (SELECT household_id, count(*) n FROM individuals GROUP BY 1) i USING (household_id) WHERE h.household_size <> coalesce(i.n, 0);

-- identity_mappings.identifiers_per_person [violations] each individual has 2–15 identifiers
SELECT i.individual_id AS id FROM individuals i LEFT JOIN (SELECT individual_id, count(*) n FROM identity_mappings GROUP BY 1) m USING (individual_id) WHERE coalesce(m.n, 0) NOT BETWEEN 2 AND 15;

-- content_engagements.in_window [violations] timestamp within the configured window [2025-07-03T00:00:00.000Z, 2025-10-01T00:00:00.000Z)
SELECT event_id AS id FROM content_engagements WHERE "timestamp" < make_timestamptz(1751500800000000::BIGINT) OR "timestamp" >= make_timestamptz(1759276800000000::BIGINT);

-- content_engagements.duration_iff_view [violations] duration_seconds set for views, NULL otherwise
SELECT event_id AS id FROM content_engagements WHERE (engagement_type = 'view') <> (duration_seconds IS NOT NULL);

-- viewership_patterns.matches_engagements [violations] total, recency and daily average match content_engagements
SELECT v.individual_id AS id FROM viewership_patterns v LEFT JOIN (SELECT individual_id, CAST(sum(k) AS BIGINT) AS n, max(last_ts) AS last_ts, max_by(content_category, k * 64 - coalesce(list_position(['News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids'], content_category), 63), 3) AS top3 FROM (SELECT individual_id, content_category, count(*) AS k, max("timestamp") AS last_ts FROM content_engagements GROUP BY individual_id, content_category) c GROUP BY individual_id) e USING (individual_id)
       WHERE e.n IS NULL OR v.total_engagements <> e.n OR v.recency_last_engagement <> e.last_ts OR abs(v.frequency_daily_avg - e.n / 90) > 1e-9;

-- viewership_patterns.top3_categories [violations] preferred_categories are the top 3 categories by count
SELECT v.individual_id AS id FROM viewership_patterns v JOIN (SELECT individual_id, CAST(sum(k) AS BIGINT) AS n, max(last_ts) AS last_ts, max_by(content_category, k * 64 - coalesce(list_position(['News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids'], content_category), 63), 3) AS top3 FROM (SELECT individual_id, content_category, count(*) AS k, max("timestamp") AS last_ts FROM content_engagements GROUP BY individual_id, content_category) c GROUP BY individual_id) e USING (individual_id) WHERE v.preferred_categories <> e.top3;

-- audience_attributes.affinity_keys [violations] affinity_scores keys are valid content categories
SELECT attribute_id AS id FROM audience_attributes WHERE len(list_filter(map_keys(affinity_scores), k -> NOT list_contains(['News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids'], k))) > 0;

-- audience_attributes.affinity_sum [violations] affinity_scores values in 0..1 and sum to 1.0
SELECT attribute_id AS id FROM audience_attributes WHERE abs(list_sum(map_values(affinity_scores)) - 1) > 1e-6 OR list_min(map_values(affinity_scores)) < 0 OR list_max(map_values(affinity_scores)) > 1;

-- audience_attributes.classification_thresholds [violations] behavioral_classification follows frequency_daily_avg (heavy ≥ 1.5, moderate ≥ 0.4, churned after 30 quiet days)
SELECT a.attribute_id AS id FROM audience_attributes a LEFT JOIN viewership_patterns v USING (individual_id)
       WHERE a.behavioral_classification <> CASE
         WHEN v.individual_id IS NULL OR v.recency_last_engagement < make_timestamptz(1756684800000000::BIGINT) THEN 'Churned'
         WHEN v.frequency_daily_avg >= 1.5 THEN 'Heavy User'
         WHEN v.frequency_daily_avg >= 0.4 THEN 'Moderate User' ELSE 'Light User' END;

-- campaigns.duration [violations] campaign flights last 7–90 days
SELECT campaign_id AS id FROM campaigns WHERE (end_date - start_date + 1) NOT BETWEEN 7 AND 90;

-- campaigns.target_segments [violations] target_segment values are valid segments
SELECT campaign_id AS id FROM campaigns WHERE len(target_segment) = 0 OR len(list_filter(target_segment, s -> NOT list_contains(['News Junkie', 'Sports Fan', 'Entertainment Seeker', 'Lifelong Learner', 'Tech Enthusiast', 'Music Lover', 'Lifestyle Maven', 'Business Professional', 'Gamer', 'Family Viewer'], s))) > 0;

-- campaigns.has_channel [violations] at least one channel
SELECT campaign_id AS id FROM campaigns WHERE len(channels) = 0;

-- campaign_exposures.channel_in_campaign [violations] channel is one of the campaign's channels
SELECT e.exposure_id AS id FROM campaign_exposures e JOIN campaigns c USING (campaign_id) WHERE NOT list_contains(c.channels, e.channel);

-- response_events.prior_exposure [violations] exposure_id is a prior exposure of the same individual and campaign, with its timestamp
SELECT r.response_id AS id FROM response_events r LEFT JOIN campaign_exposures e ON r.exposure_id = e.exposure_id
       WHERE r.exposure_id IS NOT NULL AND (e.exposure_id IS NULL OR e.individual_id <> r.individual_id OR e.campaign_id <> r.campaign_id
         OR e.exposure_timestamp <> r.exposure_timestamp OR e.exposure_timestamp > r.response_timestamp);

-- response_events.time_to_conversion [violations] time_to_conversion_hours = (response_timestamp − exposure_timestamp) / 3600
SELECT response_id AS id FROM response_events WHERE exposure_timestamp IS NOT NULL
       AND abs(time_to_conversion_hours - (epoch_us(response_timestamp) - epoch_us(exposure_timestamp)) / 3.6e9) > 1e-6;

-- outcome_metrics.revenue_when_converted [violations] revenue present when conversion_status = 'converted', and status matches the response
SELECT o.outcome_id AS id FROM outcome_metrics o JOIN response_events r USING (response_id)
       WHERE (o.conversion_status = 'converted' AND o.revenue IS NULL) OR ((o.conversion_status = 'converted') <> (r.response_type = 'conversion'));

-- outcome_metrics.attribution_sums_to_one [violations] attribution_weight sums to 1.0 over each (individual, campaign) path
SELECT concat_ws('/', r.individual_id, o.campaign_id) AS id FROM outcome_metrics o JOIN response_events r USING (response_id)
       GROUP BY r.individual_id, o.campaign_id HAVING abs(sum(o.attribution_weight) - 1) > 1e-9;

-- households.size_mean [figure] mean household_size ≈ 2.55 (normal 2.5, σ 1.2, clipped 1..10)
SELECT avg(household_size) AS figure, count(*) AS n FROM households;

-- households.income_<30K [figure] share of income_bracket <30K ≈ 20.0%
SELECT avg(CASE WHEN income_bracket = '<30K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.income_30-60K [figure] share of income_bracket 30-60K ≈ 21.0%
SELECT avg(CASE WHEN income_bracket = '30-60K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.income_60-100K [figure] share of income_bracket 60-100K ≈ 22.0%
SELECT avg(CASE WHEN income_bracket = '60-100K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.income_100-150K [figure] share of income_bracket 100-150K ≈ 17.0%
SELECT avg(CASE WHEN income_bracket = '100-150K' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.income_150K+ [figure] share of income_bracket 150K+ ≈ 20.0%
SELECT avg(CASE WHEN income_bracket = '150K+' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- individuals.gender_Male [figure] share of gender Male ≈ 48.0%
SELECT avg(CASE WHEN gender = 'Male' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.gender_Female [figure] share of gender Female ≈ 48.0%
SELECT avg(CASE WHEN gender = 'Female' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.gender_Non-Binary [figure] share of gender Non-Binary ≈ 3.0%
SELECT avg(CASE WHEN gender = 'Non-Binary' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.gender_Prefer not to say [figure] share of gender Prefer not to say ≈ 1.0%
SELECT avg(CASE WHEN gender = 'Prefer not to say' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- content_engagements.type_view [figure] share of engagement_type view ≈ 68.0% (engagement.types)
SELECT CAST(coalesce(sum(c) FILTER (engagement_type = 'view'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM content_engagements GROUP BY engagement_type) b;

-- content_engagements.type_click [figure] share of engagement_type click ≈ 13.0% (engagement.types)
SELECT CAST(coalesce(sum(c) FILTER (engagement_type = 'click'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM content_engagements GROUP BY engagement_type) b;

-- content_engagements.type_share [figure] share of engagement_type share ≈ 4.0% (engagement.types)
SELECT CAST(coalesce(sum(c) FILTER (engagement_type = 'share'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM content_engagements GROUP BY engagement_type) b;

-- content_engagements.type_like [figure] share of engagement_type like ≈ 11.0% (engagement.types)
SELECT CAST(coalesce(sum(c) FILTER (engagement_type = 'like'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM content_engagements GROUP BY engagement_type) b;

-- content_engagements.type_comment [figure] share of engagement_type comment ≈ 4.0% (engagement.types)
SELECT CAST(coalesce(sum(c) FILTER (engagement_type = 'comment'), 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT engagement_type, count(*) AS c FROM content_engagements GROUP BY engagement_type) b;

-- identity_mappings.coverage_email_hash [figure] share of individuals with a email_hash ≈ 60.0%
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM identity_mappings WHERE identifier_type = 'email_hash') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- identity_mappings.coverage_cookie_id [figure] share of individuals with a cookie_id ≈ 90.0% (or more: minimum top-ups)
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM identity_mappings WHERE identifier_type = 'cookie_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- identity_mappings.coverage_mobile_ad_id [figure] share of individuals with a mobile_ad_id ≈ 80.0%
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM identity_mappings WHERE identifier_type = 'mobile_ad_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- identity_mappings.coverage_device_id [figure] share of individuals with a device_id ≈ 50.0% (or more: minimum top-ups)
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM identity_mappings WHERE identifier_type = 'device_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- identity_mappings.coverage_ctv_id [figure] share of individuals with a ctv_id ≈ 40.0%
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM identity_mappings WHERE identifier_type = 'ctv_id') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- identity_mappings.coverage_hashed_phone [figure] share of individuals with a hashed_phone ≈ 30.0%
SELECT avg(CASE WHEN individual_id IN (SELECT individual_id FROM identity_mappings WHERE identifier_type = 'hashed_phone') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.income_rises_with_age [figure] median income of 45–64-year-olds ÷ of 18–24-year-olds > 1.5 (BLS, median weekly earnings by age: 45–54 ~1.8× 20–24); medians, because incomes are heavy-tailed
SELECT median(income_individual) FILTER (age BETWEEN 45 AND 64) / median(income_individual) FILTER (age BETWEEN 18 AND 24) AS figure, count(*) AS n FROM individuals;

-- individuals.income_rises_with_education [figure] median income with a degree ÷ without > 1.3 (BLS, median weekly earnings by attainment: Bachelor ~1.7× high school)
SELECT median(income_individual) FILTER (education_level IN ('Bachelor', 'Master', 'Doctorate')) / median(income_individual) FILTER (education_level IN ('High School', 'Some College')) AS figure, count(*) AS n FROM individuals;

-- content_engagements.diurnal_cycle [figure] busiest UTC hour ÷ quietest > 2 (diurnal cycle)
SELECT max(c) / min(c) AS figure, sum(c) AS n FROM (SELECT hour(make_timestamp(epoch_us(hour_start))) h, CAST(sum(c) AS DOUBLE) c FROM (SELECT make_timestamptz((epoch_us("timestamp") - CASE WHEN epoch_us("timestamp") < 0 THEN 3599999999 ELSE 0 END) // 3600000000 * 3600000000) AS hour_start, count(*) AS c FROM content_engagements GROUP BY 1) b GROUP BY 1);

-- content_engagements.weekly_cycle [figure] mean weekend day ÷ mean weekday > 1.1 (weekly cycle)
SELECT (coalesce(CAST(sum(c) FILTER (dayofweek(make_timestamp(epoch_us(hour_start))) IN (0, 6)) AS BIGINT), 0) / 2.0) / (coalesce(CAST(sum(c) FILTER (dayofweek(make_timestamp(epoch_us(hour_start))) NOT IN (0, 6)) AS BIGINT), 0) / 5.0) AS figure, coalesce(CAST(sum(c) AS BIGINT), 0) AS n FROM (SELECT make_timestamptz((epoch_us("timestamp") - CASE WHEN epoch_us("timestamp") < 0 THEN 3599999999 ELSE 0 END) // 3600000000 * 3600000000) AS hour_start, count(*) AS c FROM content_engagements GROUP BY 1) b;

-- content_engagements.activity_skew [figure] top 10% of people make > 30% of engagements (heavy-tailed activity)
SELECT sum(n) FILTER (r <= 0.1) / sum(n) AS figure, count(*) AS n FROM (SELECT n, percent_rank() OVER (ORDER BY n DESC) r FROM (SELECT individual_id, CAST(sum(k) AS BIGINT) AS n, max(last_ts) AS last_ts, max_by(content_category, k * 64 - coalesce(list_position(['News', 'Sports', 'Entertainment', 'Education', 'Technology', 'Music', 'Lifestyle', 'Business', 'Gaming', 'Kids'], content_category), 63), 3) AS top3 FROM (SELECT individual_id, content_category, count(*) AS k, max("timestamp") AS last_ts FROM content_engagements GROUP BY individual_id, content_category) c GROUP BY individual_id) c);

-- response_events.propensity_drives_response [figure] responses per exposure, top propensity quartile ÷ bottom > 1.5
SELECT (sum(r) FILTER (q = 4) / sum(e) FILTER (q = 4)) / (sum(r) FILTER (q = 1) / sum(e) FILTER (q = 1)) AS figure, sum(e) AS n FROM (
         SELECT a.individual_id, a.q, CAST(coalesce(e.n, 0) AS DOUBLE) e, CAST(coalesce(r.n, 0) AS DOUBLE) r
         FROM (SELECT individual_id, ntile(4) OVER (ORDER BY propensity_to_convert, individual_id) q FROM audience_attributes) a
         LEFT JOIN (SELECT individual_id, count(*) AS n FROM campaign_exposures GROUP BY individual_id) e ON e.individual_id = a.individual_id
         LEFT JOIN (SELECT individual_id, count(*) AS n FROM response_events GROUP BY individual_id) r ON r.individual_id = a.individual_id);

-- individuals.age_18_24 [figure] share of individuals aged 18–24 ≈ 12.2% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 18 AND 24 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_25_34 [figure] share of individuals aged 25–34 ≈ 17.5% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 25 AND 34 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_35_44 [figure] share of individuals aged 35–44 ≈ 16.5% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 35 AND 44 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_45_54 [figure] share of individuals aged 45–54 ≈ 15.5% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 45 AND 54 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_55_64 [figure] share of individuals aged 55–64 ≈ 16.5% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 55 AND 64 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_65_74 [figure] share of individuals aged 65–74 ≈ 12.5% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 65 AND 74 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_75_84 [figure] share of individuals aged 75–84 ≈ 7.0% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 75 AND 84 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- individuals.age_85_plus [figure] share of individuals aged 85+ ≈ 2.5% (US adults by age, Census ACS 2022 table S0101, as far as household sizes allow)
SELECT avg(CASE WHEN age BETWEEN 85 AND 100 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals;

-- households.size_1 [figure] share of households of size 1 ≈ 20.2% (household.sizeMean 2.5, sizeSd 1.2 rounded and clipped to 1..10; the data model's normal(2.5, 1.2))
SELECT avg(CASE WHEN household_size = 1 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.size_2 [figure] share of households of size 2 ≈ 29.8% (household.sizeMean 2.5, sizeSd 1.2 rounded and clipped to 1..10; the data model's normal(2.5, 1.2))
SELECT avg(CASE WHEN household_size = 2 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.size_3 [figure] share of households of size 3 ≈ 29.8% (household.sizeMean 2.5, sizeSd 1.2 rounded and clipped to 1..10; the data model's normal(2.5, 1.2))
SELECT avg(CASE WHEN household_size = 3 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.size_4 [figure] share of households of size 4 ≈ 15.5% (household.sizeMean 2.5, sizeSd 1.2 rounded and clipped to 1..10; the data model's normal(2.5, 1.2))
SELECT avg(CASE WHEN household_size = 4 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.size_5 [figure] share of households of size 5 ≈ 4.2% (household.sizeMean 2.5, sizeSd 1.2 rounded and clipped to 1..10; the data model's normal(2.5, 1.2))
SELECT avg(CASE WHEN household_size = 5 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.size_6_plus [figure] share of households of size 6+ ≈ 0.6% (household.sizeMean 2.5, sizeSd 1.2 rounded and clipped to 1..10; the data model's normal(2.5, 1.2))
SELECT avg(CASE WHEN household_size >= 6 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.housing_house [figure] share of households in a house ≈ 63.2% (household.housingTypes (ACS 2022 units in structure), tilted to houses for large and high-income households)
SELECT avg(CASE WHEN housing_type = 'house' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.housing_apartment [figure] share of households in a apartment ≈ 27.4% (household.housingTypes (ACS 2022 units in structure), tilted to houses for large and high-income households)
SELECT avg(CASE WHEN housing_type = 'apartment' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.housing_condo [figure] share of households in a condo ≈ 6.6% (household.housingTypes (ACS 2022 units in structure), tilted to houses for large and high-income households)
SELECT avg(CASE WHEN housing_type = 'condo' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- households.housing_other [figure] share of households in a other ≈ 2.8% (household.housingTypes (ACS 2022 units in structure), tilted to houses for large and high-income households)
SELECT avg(CASE WHEN housing_type = 'other' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM households;

-- individuals.degree_share_25_64 [figure] share of 25–64-year-olds with a Bachelor or higher ≈ 38.6% (individual.education: 38% of adults 25+ (default: Census ACS 2022 S1501), more in high-income households)
SELECT avg(CASE WHEN education_level IN ('Bachelor', 'Master', 'Doctorate') THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM individuals WHERE age BETWEEN 25 AND 64;

-- individuals.education_by_age [figure] share with a degree among 18–22-year-olds ÷ among 25–64-year-olds < 0.25: a Bachelor takes until about 22 (NCES: median age at bachelor completion ~23)
SELECT avg(CASE WHEN education_level IN ('Bachelor', 'Master', 'Doctorate') THEN 1.0 ELSE 0 END) FILTER (age BETWEEN 18 AND 22)
        / NULLIF(avg(CASE WHEN education_level IN ('Bachelor', 'Master', 'Doctorate') THEN 1.0 ELSE 0 END) FILTER (age BETWEEN 25 AND 64), 0) AS figure,
      count(*) FILTER (age BETWEEN 18 AND 22) AS n FROM individuals;

-- individuals.no_retirees_under_50 [violations] no one under 50 is 'Retired' (employment follows age)
SELECT individual_id AS id FROM individuals WHERE employment_status = 'Retired' AND age < 50;

-- individuals.retired_share_67_plus [figure] share 'Retired' among people 67+ ≥ 60% (BLS CPS 2023: about 19% of 65+ and 11% of 70+ are in the labour force)
SELECT avg(CASE WHEN employment_status = 'Retired' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n
      FROM individuals WHERE age >= 67;

-- content_engagements.observed_through_identifier [violations] each engagement is observed through an identifier of its device's kind (mobile → mobile_ad_id, desktop → cookie_id, tablet → device_id, ctv → ctv_id) with first_seen ≤ timestamp ≤ last_seen
SELECT event_id AS id FROM (SELECT x.* FROM (SELECT event_id, individual_id, device_type, "timestamp" FROM content_engagements) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 2 WHEN 'device_id' THEN 3 WHEN 'ctv_id' THEN 4 END AS k FROM identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.device_type WHEN 'mobile' THEN 2 WHEN 'desktop' THEN 1 WHEN 'tablet' THEN 3 WHEN 'ctv' THEN 4 END AND x."timestamp" BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) v;

-- campaign_exposures.observed_through_identifier [violations] each exposure is delivered through an identifier of its channel's kind (email → email_hash, social → mobile_ad_id/cookie_id/device_id, display → mobile_ad_id/cookie_id/device_id, video → mobile_ad_id/cookie_id/device_id/ctv_id, ctv → ctv_id) with first_seen ≤ exposure_timestamp ≤ last_seen: an ad reaches a person only through an id the graph sees
SELECT exposure_id AS id FROM (SELECT x.* FROM (SELECT x.* FROM (SELECT exposure_id, individual_id, channel, exposure_timestamp FROM campaign_exposures) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'email' THEN 0 WHEN 'social' THEN 1 WHEN 'display' THEN 1 WHEN 'video' THEN 1 WHEN 'ctv' THEN 2 END AND x.exposure_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'video' THEN 2 END AND x.exposure_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) v;

-- response_events.observed_through_identifier [violations] each response is observed through an identifier seen at response_timestamp (first_seen ≤ t ≤ last_seen): click and engagement happen on the ad, through an id of its exposure's channel kind; the others on the advertiser's site or app, through any of the person's ids (cross-device matching)
SELECT response_id AS id FROM (SELECT x.* FROM (SELECT x.* FROM (SELECT x.* FROM (SELECT r.response_id, r.individual_id, r.response_timestamp, e.channel,
          CASE WHEN NOT list_contains(['click', 'engagement'], r.response_type) THEN 1 END AS off_the_ad
        FROM response_events r LEFT JOIN (SELECT exposure_id, channel FROM campaign_exposures
          WHERE exposure_id IN (SELECT exposure_id FROM response_events)) e ON e.exposure_id = r.exposure_id) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, 1 AS k FROM identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = x.off_the_ad AND x.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'email' THEN 0 WHEN 'social' THEN 1 WHEN 'display' THEN 1 WHEN 'video' THEN 1 WHEN 'ctv' THEN 2 END AND x.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) x LEFT JOIN (SELECT individual_id, first_seen, last_seen, CASE identifier_type WHEN 'email_hash' THEN 0 WHEN 'cookie_id' THEN 1 WHEN 'mobile_ad_id' THEN 1 WHEN 'device_id' THEN 1 WHEN 'ctv_id' THEN 2 END AS k FROM identity_mappings) m
        ON m.individual_id = x.individual_id AND m.k = CASE x.channel WHEN 'video' THEN 2 END AND x.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL) v;

-- identity_mappings.recency_follows_activity [figure] mean days since an active identifier was last seen, Light Users ÷ Heavy Users > 2.36: last_seen comes from use, and an id is seen (ad requests, pixels, logins) as often as its owner is online
SELECT avg(days) FILTER (behavioral_classification = 'Light User') / NULLIF(avg(days) FILTER (behavioral_classification = 'Heavy User'), 0) AS figure,
          least(count(*) FILTER (behavioral_classification = 'Light User'), count(*) FILTER (behavioral_classification = 'Heavy User')) AS n
        FROM (SELECT a.behavioral_classification, (1759276800000000 - epoch_us(m.last_seen)) / 8.64e10 AS days
          FROM identity_mappings m JOIN audience_attributes a ON a.individual_id = m.individual_id WHERE m.active) x;

-- identity_mappings.active_means_recent [violations] active = true exactly when last_seen is within 45 days of the as-of time (ad-tech convention: ids unseen for 30–90 days are treated as stale)
SELECT mapping_id AS id FROM identity_mappings WHERE active <> (last_seen >= make_timestamptz(1755388800000000::BIGINT));

-- identity_mappings.inactive_share [figure] share of identifiers inactive (as each person entered the graph) ≈ 15.0% (identifiers.inactiveShare: cookies and device ids churn (cookie deletion, device replacement))
SELECT avg(CASE WHEN epoch_us(m.last_seen) < epoch_us(i.created_at) - 3888000000000 THEN 1.0 ELSE 0 END) AS figure, count(*) AS n FROM identity_mappings m JOIN individuals i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at;

-- content_engagements.local_daily_curve [figure] engagement sessions (their first event) by local hour (household's time zone, DST included) follow the daily online curve: total-variation distance from it small (streaming/app-usage curves, e.g. Nielsen/Comscore: low 2–6 am, prime time 8–10 pm)
WITH e AS MATERIALIZED (SELECT individual_id, min("timestamp") AS started FROM content_engagements GROUP BY individual_id, session_id) SELECT 0.5 * sum(abs(coalesce(o.c, 0) / t.n - x.p)) AS figure, max(t.n) AS n FROM (VALUES (0, 0.023747), (1, 0.013193), (2, 0.007916), (3, 0.005277), (4, 0.005277), (5, 0.007916), (6, 0.018470), (7, 0.034301), (8, 0.042216), (9, 0.039578), (10, 0.036939), (11, 0.039578), (12, 0.047493), (13, 0.044855), (14, 0.039578), (15, 0.039578), (16, 0.044855), (17, 0.052770), (18, 0.065963), (19, 0.079156), (20, 0.092348), (21, 0.094987), (22, 0.076517), (23, 0.047493)) AS x(h, p)
      LEFT JOIN (SELECT hour(timezone(CASE WHEN b.state IN ('AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI') THEN 'America/Chicago' WHEN b.state IN ('CO', 'ID', 'MT', 'NM', 'UT', 'WY') THEN 'America/Denver' WHEN b.state IN ('AZ') THEN 'America/Phoenix' WHEN b.state IN ('CA', 'NV', 'OR', 'WA') THEN 'America/Los_Angeles' WHEN b.state IN ('AK') THEN 'America/Anchorage' WHEN b.state IN ('HI') THEN 'Pacific/Honolulu' ELSE 'America/New_York' END, b.hour_start)) AS h, sum(b.c) AS c
        FROM (SELECT hh.location_state AS state, make_timestamptz((epoch_us(r.started) - CASE WHEN epoch_us(r.started) < 0 THEN 3599999999 ELSE 0 END) // 3600000000 * 3600000000) AS hour_start, CAST(count(*) AS DOUBLE) AS c
          FROM e r JOIN individuals i ON i.individual_id = r.individual_id
          JOIN households hh ON hh.household_id = i.household_id GROUP BY 1, 2) b GROUP BY 1) o ON o.h = x.h
      CROSS JOIN (SELECT CAST(count(*) AS DOUBLE) AS n FROM e) t;

-- campaign_exposures.local_daily_curve [figure] ad exposures by local hour (household's time zone, DST included) follow the daily online curve: total-variation distance from it small (streaming/app-usage curves, e.g. Nielsen/Comscore: low 2–6 am, prime time 8–10 pm)
SELECT 0.5 * sum(abs(coalesce(o.c, 0) / t.n - x.p)) AS figure, max(t.n) AS n FROM (VALUES (0, 0.023747), (1, 0.013193), (2, 0.007916), (3, 0.005277), (4, 0.005277), (5, 0.007916), (6, 0.018470), (7, 0.034301), (8, 0.042216), (9, 0.039578), (10, 0.036939), (11, 0.039578), (12, 0.047493), (13, 0.044855), (14, 0.039578), (15, 0.039578), (16, 0.044855), (17, 0.052770), (18, 0.065963), (19, 0.079156), (20, 0.092348), (21, 0.094987), (22, 0.076517), (23, 0.047493)) AS x(h, p)
      LEFT JOIN (SELECT hour(timezone(CASE WHEN b.state IN ('AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI') THEN 'America/Chicago' WHEN b.state IN ('CO', 'ID', 'MT', 'NM', 'UT', 'WY') THEN 'America/Denver' WHEN b.state IN ('AZ') THEN 'America/Phoenix' WHEN b.state IN ('CA', 'NV', 'OR', 'WA') THEN 'America/Los_Angeles' WHEN b.state IN ('AK') THEN 'America/Anchorage' WHEN b.state IN ('HI') THEN 'Pacific/Honolulu' ELSE 'America/New_York' END, b.hour_start)) AS h, sum(b.c) AS c
        FROM (SELECT hh.location_state AS state, make_timestamptz((epoch_us(r.exposure_timestamp) - CASE WHEN epoch_us(r.exposure_timestamp) < 0 THEN 3599999999 ELSE 0 END) // 3600000000 * 3600000000) AS hour_start, CAST(count(*) AS DOUBLE) AS c
          FROM campaign_exposures r JOIN individuals i ON i.individual_id = r.individual_id
          JOIN households hh ON hh.household_id = i.household_id GROUP BY 1, 2) b GROUP BY 1) o ON o.h = x.h
      CROSS JOIN (SELECT CAST(count(*) AS DOUBLE) AS n FROM campaign_exposures) t;

-- campaign_exposures.served_while_online [figure] hourly (UTC) profiles of exposures and engagements correlate > 0.5: ads are served while people are online
SELECT corr(x.c, e.c) AS figure, sum(x.c) AS n
        FROM (SELECT hour(make_timestamp(epoch_us(exposure_timestamp))) AS h, CAST(count(*) AS DOUBLE) AS c FROM campaign_exposures GROUP BY 1) x
        JOIN (SELECT hour(make_timestamp(epoch_us(hour_start))) AS h, CAST(sum(c) AS DOUBLE) AS c FROM (SELECT make_timestamptz((epoch_us("timestamp") - CASE WHEN epoch_us("timestamp") < 0 THEN 3599999999 ELSE 0 END) // 3600000000 * 3600000000) AS hour_start, count(*) AS c FROM content_engagements GROUP BY 1) b GROUP BY 1) e ON e.h = x.h;

-- campaign_exposures.cpm_email [figure] effective CPM of email (1000 × cost ÷ frequency) ≈ $1.55: campaigns.cpm.email = 1.5 (industry CPM benchmarks: email ~$1–2, display ~$2–5, social ~$7–10, online video ~$15–25, CTV ~$25–40)
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM campaign_exposures GROUP BY channel) b WHERE channel = 'email';

-- campaign_exposures.cpm_social [figure] effective CPM of social (1000 × cost ÷ frequency) ≈ $9.29: campaigns.cpm.social = 9 (industry CPM benchmarks: email ~$1–2, display ~$2–5, social ~$7–10, online video ~$15–25, CTV ~$25–40)
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM campaign_exposures GROUP BY channel) b WHERE channel = 'social';

-- campaign_exposures.cpm_display [figure] effective CPM of display (1000 × cost ÷ frequency) ≈ $3.61: campaigns.cpm.display = 3.5 (industry CPM benchmarks: email ~$1–2, display ~$2–5, social ~$7–10, online video ~$15–25, CTV ~$25–40)
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM campaign_exposures GROUP BY channel) b WHERE channel = 'display';

-- campaign_exposures.cpm_video [figure] effective CPM of video (1000 × cost ÷ frequency) ≈ $18.57: campaigns.cpm.video = 18 (industry CPM benchmarks: email ~$1–2, display ~$2–5, social ~$7–10, online video ~$15–25, CTV ~$25–40)
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM campaign_exposures GROUP BY channel) b WHERE channel = 'video';

-- campaign_exposures.cpm_ctv [figure] effective CPM of ctv (1000 × cost ÷ frequency) ≈ $33.02: campaigns.cpm.ctv = 32 (industry CPM benchmarks: email ~$1–2, display ~$2–5, social ~$7–10, online video ~$15–25, CTV ~$25–40)
SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM (SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM campaign_exposures GROUP BY channel) b WHERE channel = 'ctv';

-- campaign_exposures.email_needs_email_id [violations] email exposures only reach people with an email_hash identifier (an email is sent to an address)
SELECT e.exposure_id AS id FROM campaign_exposures e WHERE e.channel = 'email' AND NOT EXISTS (
        SELECT 1 FROM identity_mappings m WHERE m.individual_id = e.individual_id AND m.identifier_type = 'email_hash');

-- campaign_exposures.volume_follows_activity [figure] digital exposures per Heavy User ÷ per Light User > 1.47: ads are served where people spend time online (programmatic buying follows impressions)
SELECT (sum(x) FILTER (behavioral_classification = 'Heavy User') / NULLIF(count(*) FILTER (behavioral_classification = 'Heavy User'), 0)) / NULLIF(sum(x) FILTER (behavioral_classification = 'Light User') / NULLIF(count(*) FILTER (behavioral_classification = 'Light User'), 0), 0) AS figure,
          least(count(*) FILTER (behavioral_classification = 'Heavy User'), count(*) FILTER (behavioral_classification = 'Light User')) AS n
        FROM (SELECT a.behavioral_classification, coalesce(e.x, 0) AS x FROM audience_attributes a
          LEFT JOIN (SELECT individual_id, count(*) AS x FROM campaign_exposures WHERE channel <> 'email' GROUP BY individual_id) e
            ON e.individual_id = a.individual_id) p;

-- outcome_metrics.no_revenue_without_action [violations] no revenue on 'no_action'; an 'engaged' outcome carries revenue only as its attributed share of a path that converted (README: touches and paths)
SELECT outcome_id AS id FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      epoch_us(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM outcome_metrics o JOIN response_events r ON r.response_id = o.response_id) p
        WHERE revenue IS NOT NULL AND (conversion_status = 'no_action' OR NOT EXISTS (
          SELECT 1 FROM response_events c WHERE c.individual_id = p.individual_id AND c.campaign_id = p.campaign_id AND c.value IS NOT NULL));

-- outcome_metrics.revenue_is_path_value [violations] a converted path's revenue adds up to its conversions' value (to the cent per touch)
SELECT concat_ws('/', individual_id, campaign_id) AS id FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      epoch_us(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM outcome_metrics o JOIN response_events r ON r.response_id = o.response_id) p GROUP BY individual_id, campaign_id
        HAVING sum(value) IS NOT NULL AND abs(coalesce(sum(revenue), 0) - sum(value)) > 0.01 * count(*);

-- outcome_metrics.weights_follow_model [violations] attribution_weight is the linear weight of the touch among its path's credited touches (0 for no_action)
SELECT outcome_id AS id FROM (SELECT *, CASE WHEN credited = 1 THEN 1.0 / count(*) OVER (PARTITION BY individual_id, campaign_id, credited) ELSE 0.0 END AS expected
          FROM (SELECT *, max(t) OVER (PARTITION BY individual_id, campaign_id, credited) AS t_last FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      epoch_us(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM outcome_metrics o JOIN response_events r ON r.response_id = o.response_id) p) l) w
        WHERE abs(attribution_weight - expected) > 1e-9;

-- outcome_metrics.multi_touch_paths [figure] share of paths with ≥ 2 credited touches > 3%: a click or visit leads to a later conversion often enough (funnel) that attribution models give visibly different weights
SELECT avg(CASE WHEN k >= 2 THEN 1.0 ELSE 0.0 END) AS figure, count(*) AS n
        FROM (SELECT individual_id, campaign_id, sum(credited) AS k FROM (SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      epoch_us(r.response_timestamp) AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM outcome_metrics o JOIN response_events r ON r.response_id = o.response_id) p GROUP BY 1, 2) paths;

-- campaign_exposures.on_target [figure] reach of people outside a campaign's target segments ÷ reach inside ≈ campaigns.offTargetShare (0.1): ad buys are targeted, with some broad/lookalike spill (industry practice: audience-targeted programmatic buying)
WITH combos AS (SELECT segment_primary, segment_secondary, people,
            row_number() OVER (ORDER BY segment_primary, segment_secondary) AS combo
          FROM (SELECT segment_primary, segment_secondary, CAST(count(*) AS DOUBLE) AS people FROM audience_attributes
            GROUP BY segment_primary, segment_secondary) g),
        person_combo AS (SELECT p.individual_id, k.combo FROM audience_attributes p JOIN combos k
          ON p.segment_primary IS NOT DISTINCT FROM k.segment_primary AND p.segment_secondary IS NOT DISTINCT FROM k.segment_secondary)
        SELECT sum(off_x * on_n / (on_n + off_n)) / NULLIF(sum(on_x * off_n / (on_n + off_n)), 0) AS figure, sum(on_x) AS n
        FROM (SELECT campaign_id, sum(CASE WHEN on_target THEN 0.0 ELSE exposed END) AS off_x, sum(CASE WHEN on_target THEN 0.0 ELSE people END) AS off_n,
            sum(CASE WHEN on_target THEN exposed ELSE 0.0 END) AS on_x, sum(CASE WHEN on_target THEN people ELSE 0.0 END) AS on_n
          FROM (SELECT c.campaign_id, list_has_any(c.target_segment, list_prepend(a.segment_primary, coalesce(a.segment_secondary, []))) AS on_target, a.people, 0.0 AS exposed
              FROM combos a CROSS JOIN campaigns c
            UNION ALL
            SELECT c.campaign_id, list_has_any(c.target_segment, list_prepend(a.segment_primary, coalesce(a.segment_secondary, []))) AS on_target, 0.0 AS people, x.exposed
              FROM (SELECT r.campaign_id, p.combo, CAST(count(*) AS DOUBLE) AS exposed
                FROM (SELECT individual_id, campaign_id FROM campaign_exposures GROUP BY individual_id, campaign_id) r
                JOIN person_combo p ON p.individual_id = r.individual_id
                GROUP BY r.campaign_id, p.combo) x
              JOIN combos a ON a.combo = x.combo
              JOIN campaigns c ON c.campaign_id = x.campaign_id) AS pairs
          GROUP BY campaign_id) AS per_campaign;
