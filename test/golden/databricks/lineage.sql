SELECT fingerprint, lineage_id, sequence FROM `main`.`synthetic_data`.`_idgraph_lineage` ORDER BY sequence;

CREATE TABLE IF NOT EXISTS `main`.`synthetic_data`.`_idgraph_lineage` (
  fingerprint STRING NOT NULL,
  lineage_id STRING NOT NULL,
  sequence INT NOT NULL,
  parent STRING,
  window_start DATE NOT NULL,
  window_end DATE NOT NULL
) USING DELTA COMMENT 'idgraph: the drops loaded into this schema, one row per drop of its lineage';

INSERT INTO `main`.`synthetic_data`.`_idgraph_lineage`
SELECT * FROM (VALUES ('abcdef1234', '0123456789', 1, '0123456789', DATE '2025-10-01', DATE '2025-10-07')) AS v(fingerprint, lineage_id, sequence, parent, window_start, window_end)
WHERE NOT EXISTS (SELECT 1 FROM `main`.`synthetic_data`.`_idgraph_lineage` AS l WHERE l.fingerprint = v.fingerprint);
