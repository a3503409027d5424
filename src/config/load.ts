import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { describeIssue } from './describe-issue.js';
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
    throw yamlError(path, text, err);
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

/** A syntax error with its line and column (the yaml parser's `linePos`), and the line itself. */
function yamlError(path: string, text: string, err: unknown): UserError {
  const e = err as Error & { linePos?: { line: number; col: number }[] };
  // The parser's message ends with " at line L, column C:" and an excerpt: the position is said once, below.
  const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const pos = e.linePos?.[0];
  if (!pos)
    return new UserError(`config file ${path} is not valid YAML/JSON: ${reason}`, 'fix the syntax', { cause: err });
  const line = text.split(/\r?\n/)[pos.line - 1] ?? '';
  return new UserError(
    `config file ${path} is not valid YAML/JSON at line ${pos.line}, column ${pos.col}: ${reason}`,
    `fix line ${pos.line}: ${JSON.stringify(line)} (YAML nests by indentation; lists and mappings in [ ] / { } must be closed)`,
    { cause: err },
  );
}

/**
 * Keys that reach Object.prototype through plain property access: `--set __proto__.x=1` would
 * otherwise change every object in the process. No setting has these names.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkKey(key: string, where: string): void {
  if (UNSAFE_KEYS.has(key))
    throw new UserError(
      `${where}: '${key}' is not a setting`,
      'use the setting names of the config reference in README.md',
    );
}

const isPlainObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `a.b.c=value` overrides; the value is parsed as YAML so numbers and booleans keep their type. */
export function applySetting(target: Json, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0)
    throw new UserError(
      `--set expects key.path=value, got '${assignment}'`,
      'for example --set engagement.perPersonPerDay=1.2',
    );
  const path = assignment.slice(0, eq).split('.');
  for (const key of path) checkKey(key, `--set ${assignment.slice(0, eq)}`);
  const value: unknown = parseYaml(assignment.slice(eq + 1));
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[path[path.length - 1]] = value;
}

/**
 * `over` on top of `base`, key by key at every depth: setting one coverage keeps the other
 * five, whether they come from the defaults or a config file. Anything that is not a mapping
 * (numbers, strings, lists) replaces what was there. Neither argument is modified.
 */
export function deepMerge(base: Json, over: Json, path = ''): Json {
  const out: Json = { ...base };
  for (const key of Object.keys(over)) {
    checkKey(key, path ? `config ${path}` : 'config');
    const a = out[key];
    const b = over[key];
    out[key] = isPlainObject(a) && isPlainObject(b) ? deepMerge(a, b, path ? `${path}.${key}` : key) : b;
  }
  return out;
}

/** Every default, as a plain object to merge the user's settings over. */
const defaults = (): Json => configSchema.parse({}) as Json;

/**
 * Validates the layered input (defaults, then the config file, then flags, merged key by key);
 * every problem is named with its field, value and allowed range.
 */
export function resolveConfig(input: ConfigInput | Json): RunConfig {
  const merged = isPlainObject(input) ? deepMerge(defaults(), input) : input;
  const result = configSchema.safeParse(merged, { reportInput: true });
  if (result.success) return result.data;
  const lines = result.error.issues.map(describeIssue);
  throw new UserError(
    `invalid config: ${lines.join('; ')}`,
    'fix the value in the config file or the flag that sets it',
  );
}
