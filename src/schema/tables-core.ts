import {
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  GENDERS,
  HOUSING_TYPES,
  IDENTIFIER_TYPES,
  INCOME_BRACKETS,
} from './domains.js';
import type { Table } from './types.js';

export const households: Table = {
  name: 'households',
  description: 'Residential units containing one or more individuals.',
  phase: 1,
  columns: [
    { name: 'household_id', type: 'BIGINT', nullable: false, description: 'Unique household identifier' },
    { name: 'location_city', type: 'STRING', nullable: false, description: 'City name' },
    { name: 'location_state', type: 'STRING', nullable: false, description: 'Two-letter state code' },
    { name: 'location_zip', type: 'STRING', nullable: false, description: 'Five-digit ZIP code' },
    {
      name: 'income_bracket',
      type: 'STRING',
      nullable: false,
      description: 'Income range',
      check: { kind: 'in', values: INCOME_BRACKETS },
    },
    {
      name: 'household_size',
      type: 'INT',
      nullable: false,
      description: 'Number of individuals in household',
      check: { kind: 'between', min: 1, max: 10 },
    },
    { name: 'housing_type', type: 'STRING', nullable: false, description: 'Dwelling type', values: HOUSING_TYPES },
    { name: 'created_at', type: 'TIMESTAMP', nullable: false, description: 'Generation timestamp' },
  ],
  primaryKey: 'household_id',
  foreignKeys: [],
  unique: [],
  zorder: ['income_bracket', 'location_state'],
};

export const individuals: Table = {
  name: 'individuals',
  description: 'People linked to households with demographic attributes.',
  phase: 1,
  columns: [
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'Unique individual identifier' },
    { name: 'household_id', type: 'BIGINT', nullable: false, description: 'Parent household' },
    {
      name: 'age',
      type: 'INT',
      nullable: false,
      description: 'Age in years (adults only)',
      check: { kind: 'between', min: 18, max: 100 },
    },
    {
      name: 'gender',
      type: 'STRING',
      nullable: false,
      description: 'Gender identity',
      check: { kind: 'in', values: GENDERS },
    },
    {
      name: 'education_level',
      type: 'STRING',
      nullable: false,
      description: 'Highest education completed',
      values: EDUCATION_LEVELS,
    },
    {
      name: 'employment_status',
      type: 'STRING',
      nullable: false,
      description: 'Employment status',
      values: EMPLOYMENT_STATUSES,
    },
    {
      name: 'income_individual',
      type: 'DECIMAL(10,2)',
      nullable: true,
      description: 'Individual income (NULL for dependents and non-earners)',
    },
    { name: 'created_at', type: 'TIMESTAMP', nullable: false, description: 'Generation timestamp' },
  ],
  primaryKey: 'individual_id',
  foreignKeys: [{ column: 'household_id', table: 'households', references: 'household_id' }],
  unique: [],
  zorder: ['household_id', 'age'],
};

export const identityMappings: Table = {
  name: 'identity_mappings',
  description: 'Cross-device identifiers linking individuals to digital identities.',
  phase: 1,
  columns: [
    { name: 'mapping_id', type: 'BIGINT', nullable: false, description: 'Unique mapping identifier' },
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'Linked individual' },
    {
      name: 'identifier_type',
      type: 'STRING',
      nullable: false,
      description: 'Kind of identifier',
      check: { kind: 'in', values: IDENTIFIER_TYPES },
      dictionary: true,
    },
    {
      name: 'identifier_value',
      type: 'STRING',
      nullable: false,
      description: 'Hashed or pseudonymized identifier value',
      highCardinality: true,
    },
    { name: 'first_seen', type: 'TIMESTAMP', nullable: false, description: 'First appearance timestamp' },
    {
      name: 'last_seen',
      type: 'TIMESTAMP',
      nullable: false,
      description: 'Most recent activity timestamp',
      check: { kind: 'gteColumn', column: 'first_seen' },
    },
    {
      name: 'active',
      type: 'BOOLEAN',
      nullable: false,
      description: 'Whether identifier is still active',
      defaultSql: 'TRUE',
    },
  ],
  primaryKey: 'mapping_id',
  foreignKeys: [{ column: 'individual_id', table: 'individuals', references: 'individual_id' }],
  unique: [['identifier_type', 'identifier_value']],
  zorder: ['individual_id', 'identifier_type'],
};
