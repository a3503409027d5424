import {
  ATTRIBUTION_MODELS, BEHAVIOR_CLASSES, CAMPAIGN_GOALS, CHANNELS, CONTENT_CATEGORIES, CONVERSION_STATUSES,
  DEVICE_TYPES, ENGAGEMENT_TYPES, RESPONSE_TYPES, SEGMENTS,
} from './domains.js';
import type { Table } from './types.js';

const person = { column: 'individual_id', table: 'individuals', references: 'individual_id' } as const;
const campaign = { column: 'campaign_id', table: 'campaigns', references: 'campaign_id' } as const;

export const contentEngagements: Table = {
  name: 'content_engagements',
  description: 'Individual interactions with content.',
  phase: 2,
  columns: [
    { name: 'event_id', type: 'BIGINT', nullable: false, description: 'Unique event identifier' },
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'Individual who engaged' },
    { name: 'content_id', type: 'STRING', nullable: false, description: 'Content identifier (video or article id)', dictionary: true },
    { name: 'content_category', type: 'STRING', nullable: false, description: 'Category of the content item', values: CONTENT_CATEGORIES, dictionary: true },
    { name: 'engagement_type', type: 'STRING', nullable: false, description: 'Type of interaction', check: { kind: 'in', values: ENGAGEMENT_TYPES }, dictionary: true },
    { name: 'timestamp', type: 'TIMESTAMP', nullable: false, description: 'Event occurrence time' },
    { name: 'duration_seconds', type: 'INT', nullable: true, description: 'View duration (NULL for non-view events)', check: { kind: 'compare', op: '>=', value: 0 } },
    { name: 'device_type', type: 'STRING', nullable: false, description: 'Device used', values: DEVICE_TYPES, dictionary: true },
    { name: 'session_id', type: 'STRING', nullable: true, description: 'Session grouping identifier', highCardinality: true },
  ],
  primaryKey: 'event_id',
  foreignKeys: [person],
  unique: [],
  partition: { column: 'event_date', source: 'timestamp' },
  zorder: ['individual_id', 'content_category'],
};

export const viewershipPatterns: Table = {
  name: 'viewership_patterns',
  description: 'Per-individual consumption patterns aggregated from content_engagements.',
  phase: 2,
  columns: [
    { name: 'pattern_id', type: 'BIGINT', nullable: false, description: 'Unique pattern identifier' },
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'One pattern per individual' },
    { name: 'total_engagements', type: 'BIGINT', nullable: false, description: 'Total engagement count', check: { kind: 'compare', op: '>=', value: 0 } },
    { name: 'frequency_daily_avg', type: 'DOUBLE', nullable: false, description: 'Average engagements per day' },
    { name: 'recency_last_engagement', type: 'TIMESTAMP', nullable: false, description: 'Most recent engagement timestamp' },
    { name: 'preferred_categories', type: 'ARRAY<STRING>', nullable: false, description: 'Top 3 content categories by engagement count' },
    { name: 'preferred_device', type: 'STRING', nullable: false, description: 'Most frequently used device type', values: DEVICE_TYPES },
    { name: 'peak_hour', type: 'INT', nullable: false, description: 'Hour of day (UTC) with most activity', check: { kind: 'between', min: 0, max: 23 } },
    { name: 'computed_at', type: 'TIMESTAMP', nullable: false, description: 'When aggregation was computed' },
  ],
  primaryKey: 'pattern_id',
  foreignKeys: [person],
  unique: [['individual_id']],
  zorder: ['individual_id'],
};

export const audienceAttributes: Table = {
  name: 'audience_attributes',
  description: 'Targeting and segmentation attributes derived from viewership_patterns.',
  phase: 3,
  columns: [
    { name: 'attribute_id', type: 'BIGINT', nullable: false, description: 'Unique attribute identifier' },
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'One attribute set per individual' },
    { name: 'segment_primary', type: 'STRING', nullable: false, description: 'Primary audience segment', values: SEGMENTS },
    { name: 'segment_secondary', type: 'ARRAY<STRING>', nullable: true, description: 'Secondary segments' },
    { name: 'affinity_scores', type: 'MAP<STRING,DOUBLE>', nullable: false, description: 'Category affinities (0.0-1.0, sum 1)' },
    { name: 'behavioral_classification', type: 'STRING', nullable: false, description: 'Usage class from daily frequency', values: BEHAVIOR_CLASSES },
    { name: 'propensity_to_convert', type: 'DOUBLE', nullable: false, description: 'Likelihood of campaign response (0-1)', check: { kind: 'between', min: 0, max: 1 } },
    { name: 'lifetime_value_estimate', type: 'DECIMAL(10,2)', nullable: true, description: 'Estimated customer lifetime value' },
    { name: 'computed_at', type: 'TIMESTAMP', nullable: false, description: 'When attributes were computed' },
  ],
  primaryKey: 'attribute_id',
  foreignKeys: [person],
  unique: [['individual_id']],
  zorder: ['segment_primary', 'behavioral_classification'],
};

export const campaigns: Table = {
  name: 'campaigns',
  description: 'Marketing campaigns with targeting criteria and metadata.',
  phase: 4,
  columns: [
    { name: 'campaign_id', type: 'BIGINT', nullable: false, description: 'Unique campaign identifier' },
    { name: 'campaign_name', type: 'STRING', nullable: false, description: 'Descriptive campaign name' },
    { name: 'start_date', type: 'DATE', nullable: false, description: 'Campaign start date' },
    { name: 'end_date', type: 'DATE', nullable: false, description: 'Campaign end date', check: { kind: 'gteColumn', column: 'start_date' } },
    { name: 'target_segment', type: 'ARRAY<STRING>', nullable: false, description: 'Targeted audience segments' },
    { name: 'channels', type: 'ARRAY<STRING>', nullable: false, description: 'Distribution channels' },
    { name: 'budget', type: 'DECIMAL(12,2)', nullable: false, description: 'Campaign budget', check: { kind: 'compare', op: '>', value: 0 } },
    { name: 'goal', type: 'STRING', nullable: false, description: 'Campaign goal', values: CAMPAIGN_GOALS },
    { name: 'created_at', type: 'TIMESTAMP', nullable: false, description: 'Campaign creation timestamp' },
  ],
  primaryKey: 'campaign_id',
  foreignKeys: [],
  unique: [],
  zorder: ['start_date', 'goal'],
};

export const campaignExposures: Table = {
  name: 'campaign_exposures',
  description: 'Individual-level campaign exposure events.',
  phase: 4,
  columns: [
    { name: 'exposure_id', type: 'BIGINT', nullable: false, description: 'Unique exposure identifier' },
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'Exposed individual' },
    { name: 'campaign_id', type: 'BIGINT', nullable: false, description: 'Campaign shown' },
    { name: 'exposure_timestamp', type: 'TIMESTAMP', nullable: false, description: 'When exposure occurred' },
    { name: 'channel', type: 'STRING', nullable: false, description: 'Delivery channel', check: { kind: 'in', values: CHANNELS }, dictionary: true },
    { name: 'frequency', type: 'INT', nullable: false, description: 'Exposure count in this session', check: { kind: 'compare', op: '>', value: 0 }, defaultSql: '1' },
    { name: 'placement', type: 'STRING', nullable: true, description: 'Ad placement details', dictionary: true },
    { name: 'cost', type: 'DECIMAL(8,4)', nullable: false, description: 'Cost of this exposure (CPM-based)', check: { kind: 'compare', op: '>=', value: 0 } },
  ],
  primaryKey: 'exposure_id',
  foreignKeys: [person, campaign],
  unique: [],
  partition: { column: 'event_date', source: 'exposure_timestamp' },
  zorder: ['campaign_id', 'individual_id'],
};

export const responseEvents: Table = {
  name: 'response_events',
  description: 'Individual responses to campaign exposures.',
  phase: 5,
  columns: [
    { name: 'response_id', type: 'BIGINT', nullable: false, description: 'Unique response identifier' },
    { name: 'individual_id', type: 'BIGINT', nullable: false, description: 'Responding individual' },
    { name: 'campaign_id', type: 'BIGINT', nullable: false, description: 'Campaign that drove response' },
    { name: 'exposure_id', type: 'BIGINT', nullable: true, description: 'Specific exposure (if trackable)' },
    { name: 'response_type', type: 'STRING', nullable: false, description: 'Type of response', check: { kind: 'in', values: RESPONSE_TYPES }, dictionary: true },
    { name: 'response_timestamp', type: 'TIMESTAMP', nullable: false, description: 'When response occurred' },
    { name: 'exposure_timestamp', type: 'TIMESTAMP', nullable: true, description: 'Matched exposure timestamp for attribution' },
    { name: 'time_to_conversion_hours', type: 'DOUBLE', nullable: true, description: 'Hours between exposure and response', check: { kind: 'compare', op: '>=', value: 0 } },
    { name: 'value', type: 'DECIMAL(10,2)', nullable: true, description: 'Monetary value of response (for conversions)', check: { kind: 'compare', op: '>=', value: 0 } },
  ],
  primaryKey: 'response_id',
  foreignKeys: [person, campaign, { column: 'exposure_id', table: 'campaign_exposures', references: 'exposure_id' }],
  unique: [],
  partition: { column: 'event_date', source: 'response_timestamp' },
  zorder: ['campaign_id', 'response_type'],
};

export const outcomeMetrics: Table = {
  name: 'outcome_metrics',
  description: 'Campaign performance metrics and attribution per response.',
  phase: 5,
  columns: [
    { name: 'outcome_id', type: 'BIGINT', nullable: false, description: 'Unique outcome identifier' },
    { name: 'response_id', type: 'BIGINT', nullable: false, description: 'Linked response event' },
    { name: 'campaign_id', type: 'BIGINT', nullable: false, description: 'Campaign attribution' },
    { name: 'conversion_status', type: 'STRING', nullable: false, description: 'Outcome classification', check: { kind: 'in', values: CONVERSION_STATUSES } },
    { name: 'revenue', type: 'DECIMAL(10,2)', nullable: true, description: 'Revenue attributed to this outcome', check: { kind: 'compare', op: '>=', value: 0 } },
    { name: 'engagement_score', type: 'DOUBLE', nullable: true, description: 'Normalized engagement metric', check: { kind: 'between', min: 0, max: 1 } },
    { name: 'attribution_model', type: 'STRING', nullable: false, description: 'Attribution model', values: ATTRIBUTION_MODELS },
    { name: 'attribution_weight', type: 'DOUBLE', nullable: false, description: 'Weight for multi-touch attribution', check: { kind: 'between', min: 0, max: 1 } },
    { name: 'computed_at', type: 'TIMESTAMP', nullable: false, description: 'When metrics were computed' },
  ],
  primaryKey: 'outcome_id',
  foreignKeys: [
    { column: 'response_id', table: 'response_events', references: 'response_id' },
    campaign,
  ],
  unique: [['response_id']],
  zorder: ['campaign_id', 'conversion_status'],
};
