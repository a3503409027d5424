OPTIMIZE `main`.`synthetic_data`.`households`;

OPTIMIZE `main`.`synthetic_data`.`individuals`;

OPTIMIZE `main`.`synthetic_data`.`identity_mappings`;

OPTIMIZE `main`.`synthetic_data`.`content_engagements`;

OPTIMIZE `main`.`synthetic_data`.`viewership_patterns`;

OPTIMIZE `main`.`synthetic_data`.`audience_attributes`;

OPTIMIZE `main`.`synthetic_data`.`campaigns`;

OPTIMIZE `main`.`synthetic_data`.`campaign_exposures`;

OPTIMIZE `main`.`synthetic_data`.`response_events`;

OPTIMIZE `main`.`synthetic_data`.`outcome_metrics`;
