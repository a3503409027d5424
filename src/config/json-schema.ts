import { z } from 'zod';
import { configSchema } from './schema.js';

/** Shipped at the package root; configs point at it with `$schema` (README, "Config reference"). */
export const CONFIG_SCHEMA_FILE = 'config.schema.json';

/**
 * The JSON Schema of a config file, derived from the zod schema so the two cannot drift apart.
 * `io: 'input'` describes what a user writes (every field optional, defaults shown), not the
 * resolved RunConfig. Cross-field rules (sizeMin ≤ sizeMax, min ≤ mean ≤ max, at least one
 * weight > 0) are zod refinements that JSON Schema cannot express: idgraph still checks them.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as {
    properties: Record<string, unknown>;
  } & Record<string, unknown>;
  const { $schema, properties, ...rest } = generated;
  return {
    $schema,
    title: 'idgraph config',
    description: 'Config file for idgraph run / generate (-c FILE). Every field is optional; see README.md.',
    ...rest,
    // The key editors read to find this schema; readConfigFile drops it before validation.
    properties: { $schema: { type: 'string', description: 'Path or URL of this JSON Schema' }, ...properties },
  };
}
