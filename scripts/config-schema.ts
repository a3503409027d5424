/** `npm run schema`: rewrites config.schema.json (shipped in the package) from the zod schema. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../src/config/json-schema.js';
import { PACKAGE_ROOT } from '../src/paths.js';

writeFileSync(join(PACKAGE_ROOT, CONFIG_SCHEMA_FILE), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
