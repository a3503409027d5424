SELECT count(*) AS bad FROM (SELECT i.individual_id AS id FROM `main`.`synthetic_data`.individuals i LEFT JOIN `main`.`synthetic_data`.households h ON i.household_id = h.household_id WHERE h.household_id IS NULL) AS v;

SELECT count(*) AS bad FROM (SELECT response_id AS id FROM `main`.`synthetic_data`.response_events WHERE response_timestamp < exposure_timestamp) AS v;

SELECT avg(id_count) AS figure, count(*) AS n FROM (SELECT m.individual_id, COUNT(*) AS id_count FROM `main`.`synthetic_data`.identity_mappings m
        JOIN `main`.`synthetic_data`.individuals i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at GROUP BY m.individual_id);

SELECT count(*) AS bad FROM (SELECT e.exposure_id AS id FROM `main`.`synthetic_data`.campaign_exposures e JOIN (SELECT campaign_id, unix_micros(CAST(start_date AS TIMESTAMP)) AS starts,
         unix_micros(CAST(end_date AS TIMESTAMP) + INTERVAL 1 DAY) AS ends FROM `main`.`synthetic_data`.campaigns) c ON e.campaign_id = c.campaign_id
       WHERE unix_micros(e.exposure_timestamp) < c.starts OR unix_micros(e.exposure_timestamp) > c.ends) AS v;
