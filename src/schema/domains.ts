/**
 * Value domains named by the data model. `as const` arrays give both the union types and the
 * runtime lists that the registry, the generators and the validator share.
 */
export const INCOME_BRACKETS = ['<30K', '30-60K', '60-100K', '100-150K', '150K+'] as const;
export const HOUSING_TYPES = ['house', 'apartment', 'condo', 'other'] as const;
export const GENDERS = ['Male', 'Female', 'Non-Binary', 'Prefer not to say'] as const;
export const EDUCATION_LEVELS = ['High School', 'Some College', 'Bachelor', 'Master', 'Doctorate'] as const;
export const EMPLOYMENT_STATUSES = ['Employed', 'Self-Employed', 'Unemployed', 'Student', 'Retired'] as const;
export const IDENTIFIER_TYPES = [
  'email_hash',
  'cookie_id',
  'mobile_ad_id',
  'device_id',
  'ctv_id',
  'hashed_phone',
] as const;
/** The model lists five and says "etc."; these ten are the catalog's categories. */
export const CONTENT_CATEGORIES = [
  'News',
  'Sports',
  'Entertainment',
  'Education',
  'Technology',
  'Music',
  'Lifestyle',
  'Business',
  'Gaming',
  'Kids',
] as const;
export const ENGAGEMENT_TYPES = ['view', 'click', 'share', 'like', 'comment'] as const;
export const DEVICE_TYPES = ['mobile', 'desktop', 'tablet', 'ctv'] as const;
/** One segment per category (same order), so a primary segment follows the top affinity. */
export const SEGMENTS = [
  'News Junkie',
  'Sports Fan',
  'Entertainment Seeker',
  'Lifelong Learner',
  'Tech Enthusiast',
  'Music Lover',
  'Lifestyle Maven',
  'Business Professional',
  'Gamer',
  'Family Viewer',
] as const;
export const BEHAVIOR_CLASSES = ['Heavy User', 'Moderate User', 'Light User', 'Churned'] as const;
export const CHANNELS = ['email', 'social', 'display', 'video', 'ctv'] as const;
export const CAMPAIGN_GOALS = ['awareness', 'consideration', 'conversion'] as const;
export const RESPONSE_TYPES = ['click', 'conversion', 'engagement', 'visit'] as const;
export const CONVERSION_STATUSES = ['converted', 'engaged', 'no_action'] as const;
export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay'] as const;

export type IncomeBracket = (typeof INCOME_BRACKETS)[number];
export type Gender = (typeof GENDERS)[number];
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];
