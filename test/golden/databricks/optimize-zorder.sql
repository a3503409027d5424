OPTIMIZE `main`.`synthetic_data`.`households` ZORDER BY (`income_bracket`, `location_state`);

OPTIMIZE `main`.`synthetic_data`.`individuals` ZORDER BY (`household_id`, `age`);

OPTIMIZE `main`.`synthetic_data`.`identity_mappings` ZORDER BY (`individual_id`, `identifier_type`);

OPTIMIZE `main`.`synthetic_data`.`content_engagements` ZORDER BY (`individual_id`, `content_category`);

OPTIMIZE `main`.`synthetic_data`.`viewership_patterns` ZORDER BY (`individual_id`);

OPTIMIZE `main`.`synthetic_data`.`audience_attributes` ZORDER BY (`segment_primary`, `behavioral_classification`);

OPTIMIZE `main`.`synthetic_data`.`campaigns` ZORDER BY (`start_date`, `goal`);

OPTIMIZE `main`.`synthetic_data`.`campaign_exposures` ZORDER BY (`campaign_id`, `individual_id`);

OPTIMIZE `main`.`synthetic_data`.`response_events` ZORDER BY (`campaign_id`, `response_type`);

OPTIMIZE `main`.`synthetic_data`.`outcome_metrics` ZORDER BY (`campaign_id`, `conversion_status`);
