import { households, identityMappings, individuals } from './tables-core.js';
import {
  audienceAttributes,
  campaignExposures,
  campaigns,
  contentEngagements,
  outcomeMetrics,
  responseEvents,
  viewershipPatterns,
} from './tables-behaviour.js';
import type { Column, Table } from './types.js';

/** Schema version of the drop; a loader refuses drops with another major version. */
export const SCHEMA_VERSION = 1;

/** All ten tables in the data model's generation (and load) order: parents before children. */
export const TABLES: readonly Table[] = [
  households,
  individuals,
  identityMappings,
  contentEngagements,
  viewershipPatterns,
  audienceAttributes,
  campaigns,
  campaignExposures,
  responseEvents,
  outcomeMetrics,
];

export type TableName =
  | 'households'
  | 'individuals'
  | 'identity_mappings'
  | 'content_engagements'
  | 'viewership_patterns'
  | 'audience_attributes'
  | 'campaigns'
  | 'campaign_exposures'
  | 'response_events'
  | 'outcome_metrics';

export function getTable(name: string): Table {
  const table = TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`unknown table '${name}'`);
  return table;
}

export function getColumn(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`unknown column '${table.name}.${name}'`);
  return column;
}

/** The tables a run generates: all ten, or the phase-1 core (households, individuals, identifiers). */
export function generatedTables(selection: 'all' | 'core'): readonly Table[] {
  return selection === 'core' ? TABLES.filter((t) => t.phase === 1) : TABLES;
}
