SELECT current_user() AS principal;

SELECT 'CATALOG' AS securable, catalog_name AS object, privilege_type AS privilege FROM `main`.information_schema.catalog_privileges WHERE catalog_name = 'main' AND (grantee = current_user() OR is_account_group_member(grantee))
UNION ALL SELECT 'CATALOG', catalog_name, 'OWNER' FROM `main`.information_schema.catalogs WHERE catalog_name = 'main' AND (catalog_owner = current_user() OR is_account_group_member(catalog_owner))
UNION ALL SELECT 'SCHEMA', schema_name, privilege_type FROM `main`.information_schema.schema_privileges WHERE catalog_name = 'main' AND schema_name = 'synthetic_data' AND (grantee = current_user() OR is_account_group_member(grantee))
UNION ALL SELECT 'SCHEMA', schema_name, 'EXISTS' FROM `main`.information_schema.schemata WHERE catalog_name = 'main' AND schema_name = 'synthetic_data'
UNION ALL SELECT 'SCHEMA', schema_name, 'OWNER' FROM `main`.information_schema.schemata WHERE catalog_name = 'main' AND schema_name = 'synthetic_data' AND (schema_owner = current_user() OR is_account_group_member(schema_owner))
UNION ALL SELECT 'TABLE', table_name, privilege_type FROM `main`.information_schema.table_privileges WHERE table_catalog = 'main' AND table_schema = 'synthetic_data' AND (grantee = current_user() OR is_account_group_member(grantee))
UNION ALL SELECT 'TABLE', table_name, 'EXISTS' FROM `main`.information_schema.tables WHERE table_catalog = 'main' AND table_schema = 'synthetic_data'
UNION ALL SELECT 'TABLE', table_name, 'OWNER' FROM `main`.information_schema.tables WHERE table_catalog = 'main' AND table_schema = 'synthetic_data' AND (table_owner = current_user() OR is_account_group_member(table_owner));

DESCRIBE SCHEMA `main`.`synthetic_data`;

SHOW TABLES IN `main`.`synthetic_data`;

LIST 's3://idgraph-stage/runs/run-42' LIMIT 1;

LIST '/Volumes/main/synthetic_data/staging/run-42' LIMIT 1;
