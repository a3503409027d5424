import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { type ConfigInput, configSchema, type RunConfig } from './schema.js';

type Json = Record<string, unknown>;

/** Reads a YAML or JSON config file (YAML is a superset of JSON, so one parser serves both). */
export function readConfigFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(
      `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      'check the --config path',
      { cause: err },
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new UserError(
      `config file ${path} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`,
      'fix the syntax at the line shown',
      { cause: err },
    );
  }
  if (data == null) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UserError(
      `config file ${path} must hold a mapping of settings, not ${Array.isArray(data) ? 'a list' : typeof data}`,
    );
  // `$schema` only tells editors where the JSON Schema is (config.schema.json): not a setting.
  const { $schema, ...settings } = data as Json;
  if ($schema !== undefined && typeof $schema !== 'string')
    throw new UserError(
      `config file ${path}: $schema must be a path or URL, got ${JSON.stringify($schema)}`,
      'for example $schema: ./node_modules/idgraph/config.schema.json',
    );
  return settings;
}

/** `a.b.c=value` overrides; the value is parsed as YAML so numbers and booleans keep their type. */
export function applySetting(target: Json, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0)
    throw new UserError(
      `--set expects key.path=value, got '${assignment}'`,
      'for example --set engagement.perPersonPerDay=1.2',
    );
  const path = assignment.slice(0, eq).split('.');
  const value: unknown = parseYaml(assignment.slice(eq + 1));
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Json;
  }
  node[path[path.length - 1]] = value;
}

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : '(config)';
  if (issue.code === 'unrecognized_keys') {
    return `${field === '(config)' ? '' : `${field}: `}unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} — see the config reference in README.md`;
  }
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${JSON.stringify(issue.input)})` : '';
  return `${field}: ${issue.message}${got}`;
}

/** Validates the layered input; every problem is named with its field, value and allowed range. */
export function resolveConfig(input: ConfigInput | Json): RunConfig {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const lines = result.error.issues.map(describe);
  throw new UserError(
    `invalid config: ${lines.join('; ')}`,
    'fix the value in the config file or the flag that sets it',
  );
}
