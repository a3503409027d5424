import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../src/config/json-schema.js';
import { readConfigFile, resolveConfig } from '../src/config/load.js';
import { normaliseWeights } from '../src/config/weights.js';
import { normalisedWeights } from '../src/init/answers.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { distributionRules } from '../src/validate/distribution-rules.js';
import { tempDir } from './helpers/drops.js';

const shipped = JSON.parse(readFileSync(join(PACKAGE_ROOT, CONFIG_SCHEMA_FILE), 'utf8'));
// Ajv is the independent reader here: it is what editors' JSON Schema support is built on.
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(shipped);
const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
/** The example under "Config reference": what users copy. */
const readmeExample = (() => {
  const section = readme.slice(readme.indexOf('## Config reference'));
  return section.slice(section.indexOf('```yaml') + 7, section.indexOf('```', section.indexOf('```yaml') + 7));
})();

const dir = tempDir('idgraph-schema-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('config JSON Schema', () => {
  it(`is current: ${CONFIG_SCHEMA_FILE} equals the zod schema's (run \`npm run schema\` after a config edit)`, () => {
    expect(shipped).toEqual(configJsonSchema());
  });

  it('accepts the README example, $schema key included, and an empty config', () => {
    const example = parseYaml(readmeExample);
    expect(example.$schema).toBe(`./node_modules/idgraph/${CONFIG_SCHEMA_FILE}`);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({})).toBe(true);
  });

  it.each([
    ['an unknown key', { household: { sizeMena: 2 } }, 'additionalProperties'],
    ['a share above 1', { identifiers: { coverage: { ctv_id: 1.4 } } }, 'maximum'],
    ['a fractional count', { households: 2.5 }, 'type'],
    ['an unknown attribution model', { responses: { attributionModel: 'u_shaped' } }, 'enum'],
    ['a bad window length', { window: { length: '90x' } }, 'pattern'],
  ])('flags %s as idgraph does', (_kind, config, keyword) => {
    expect(validate(config)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
    expect(() => resolveConfig(config)).toThrow(/invalid config/);
  });

  it('lets YAML and JSON configs carry $schema without changing the config', () => {
    const yaml = join(dir, 'c.yaml');
    writeFileSync(yaml, readmeExample);
    const json = join(dir, 'c.json');
    writeFileSync(json, JSON.stringify({ $schema: `./${CONFIG_SCHEMA_FILE}`, seed: 5 }));
    const withoutKey = { ...parseYaml(readmeExample) };
    delete withoutKey.$schema;
    expect(resolveConfig(readConfigFile(yaml))).toEqual(resolveConfig(withoutKey));
    expect(resolveConfig(readConfigFile(json))).toEqual(resolveConfig({ seed: 5 }));
  });

  it('refuses a $schema that is not a path or URL', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '$schema: 3\nseed: 1\n');
    expect(() => readConfigFile(file)).toThrow(/\$schema must be a path or URL, got 3/);
  });
});

describe('weights as shares (src/config/weights.ts, used by generator, validation, report and wizard)', () => {
  it('scales weights to sum to 1, keeping keys or positions; all-zero gives zeros, not NaN', () => {
    expect(normaliseWeights({ house: 3, apartment: 1, condo: 0, other: 0 })).toEqual({
      house: 0.75,
      apartment: 0.25,
      condo: 0,
      other: 0,
    });
    expect(normaliseWeights([2, 6])).toEqual([0.25, 0.75]);
    expect(normaliseWeights([0, 0])).toEqual([0, 0]);
    expect(normaliseWeights({ a: 1, b: 2 }, 6)).toEqual({ a: 0.333333, b: 0.666667 });
  });

  it('the wizard rounds to 6 places and leaves weights that already sum to 1 alone', () => {
    expect(normalisedWeights({ Male: 1, Female: 1, 'Non-Binary': 0, 'Prefer not to say': 0 })).toEqual({
      Male: 0.5,
      Female: 0.5,
      'Non-Binary': 0,
      'Prefer not to say': 0,
    });
    expect(normalisedWeights({ a: 0.25, b: 0.75 })).toBeUndefined();
  });

  it('validation expects the configured weights as shares, whatever their sum', () => {
    const config = resolveConfig({
      household: { incomeBrackets: { '<30K': 2, '30-60K': 2, '60-100K': 2, '100-150K': 2, '150K+': 12 } },
    });
    const rule = distributionRules(config).find((r) => r.id === 'households.income_150K+');
    expect(rule?.description).toMatch(/≈ 60\.0%/);
  });
});
