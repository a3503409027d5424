import { type RunConfig, configSchema } from '../config/schema.js';
import { UserError } from '../errors.js';
import { parseSinkUrl } from '../sinks/sink-url.js';
import { safeName } from '../sql/dialect-databricks.js';
import type { DESTINATIONS, Field } from './steps.js';
import { normaliseWeights } from '../config/weights.js';

type Json = Record<string, unknown>;

export interface Destination {
  kind: (typeof DESTINATIONS)[number];
  location: string;
  catalog: string;
  schema: string;
}

/** What the wizard has gathered so far: a config input (validated by the config schema) and a destination. */
export interface Answers {
  config: Json;
  dest: Destination;
}

export function defaultAnswers(): Answers {
  return {
    config: structuredClone(configSchema.parse({})) as unknown as Json,
    dest: { kind: 'folder', location: './out', catalog: '', schema: '' },
  };
}

const isDest = (f: Field) => f.path.startsWith('dest.');

export function getValue(a: Answers, path: string): unknown {
  let node: unknown = path.startsWith('dest.') ? a.dest : a.config;
  for (const key of path.replace(/^dest\./, '').split('.')) node = (node as Json | undefined)?.[key];
  return node;
}

export function setValue(a: Answers, path: string, value: unknown): void {
  const keys = path.replace(/^dest\./, '').split('.');
  let node = (path.startsWith('dest.') ? a.dest : a.config) as Json;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Json;
  }
  node[keys[keys.length - 1]] = value;
}

/** The answer as the user sees and types it: `key=value, …` for weights, plain text otherwise. */
export function showValue(field: Field, value: unknown): string {
  if (field.kind === 'weights' || field.kind === 'shares')
    return Object.entries(value as Record<string, number>)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return value === undefined ? '' : String(value);
}

/** Parses typed text into the value the config holds; throws with a plain reason. */
export function parseValue(field: Field, text: string): unknown {
  const t = text.trim();
  if (field.kind === 'number' || field.kind === 'integer' || field.kind === 'households') {
    const n = Number(t.replace(/_/g, ''));
    if (t === '' || !Number.isFinite(n)) throw new Error(`'${t}' is not a number`);
    return n;
  }
  if (field.kind === 'weights' || field.kind === 'shares') {
    const out: Record<string, number> = {};
    for (const part of t.split(',').filter((p) => p.trim() !== '')) {
      const eq = part.lastIndexOf('=');
      const key = part.slice(0, eq).trim();
      const n = Number(part.slice(eq + 1).trim());
      if (eq <= 0 || !Number.isFinite(n)) throw new Error(`write each as name=number, e.g. ${key || 'house'}=0.6`);
      out[key] = n;
    }
    return out;
  }
  return t;
}

/** Weights scaled to sum to 1 (rounded to 6 places), or undefined when they already do. */
export function normalisedWeights(w: Record<string, number>): Record<string, number> | undefined {
  const total = Object.values(w).reduce((a, b) => a + b, 0);
  if (total <= 0 || Math.abs(total - 1) < 1e-9) return undefined;
  return normaliseWeights(w, 6);
}

function describeIssue(issue: { path: PropertyKey[]; message: string; code: string; keys?: string[] }): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return `${where}: unknown ${issue.keys?.join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Problems the config schema finds, optionally only those at or under one path. */
export function configProblems(a: Answers, under?: string): string[] {
  const result = configSchema.safeParse(a.config);
  if (result.success) return [];
  return result.error.issues
    .filter((i) => under === undefined || i.path.map(String).join('.').startsWith(under))
    .map(describeIssue);
}

function destProblem(a: Answers, field: Field): string | undefined {
  const d = a.dest;
  try {
    if (field.path === 'dest.location') {
      const target = parseSinkUrl(d.location);
      const want = { folder: 'local', s3: 's3', volume: 'volumes' }[d.kind];
      if (target.kind !== want)
        return d.kind === 'folder'
          ? 'expected a folder path, e.g. ./out'
          : d.kind === 's3'
            ? 'expected an S3 location, e.g. s3://bucket/prefix'
            : 'expected a volume path, e.g. /Volumes/main/synthetic_data/staging/run-1';
    }
    if (field.path === 'dest.catalog' && d.catalog !== '') safeName('catalog', d.catalog);
    if (field.path === 'dest.schema' && d.catalog !== '') safeName('schema', d.schema);
  } catch (err) {
    return err instanceof UserError ? err.message : String(err);
  }
  return undefined;
}

/** Problems with the destination as a whole (e.g. a folder path kept after choosing S3). */
export function destProblems(a: Answers): string[] {
  const problems: string[] = [];
  for (const path of ['dest.location', 'dest.catalog', 'dest.schema']) {
    const problem = destProblem(a, { path, label: path, kind: 'text' });
    if (problem) problems.push(`${path.slice(5)}: ${problem}`);
  }
  if (a.dest.catalog !== '' && a.dest.schema === '') problems.push('schema: give a Databricks schema for the catalog');
  return problems;
}

/** Why this typed answer is refused (parse or schema), or undefined when it is fine. */
export function fieldProblem(a: Answers, field: Field, text: string): string | undefined {
  let value: unknown;
  try {
    value = parseValue(field, text);
  } catch (err) {
    return (err as Error).message;
  }
  if (field.kind === 'weights' || field.kind === 'shares') {
    const want = Object.keys(getValue(a, field.path) as Record<string, number>);
    const got = Object.keys(value as Record<string, number>);
    const unknown = got.filter((k) => !want.includes(k));
    const missing = want.filter((k) => !got.includes(k));
    if (unknown.length || missing.length)
      return `give one for each of ${want.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`;
  }
  const candidate: Answers = structuredClone(a);
  setValue(candidate, field.path, value);
  if (isDest(field)) return destProblem(candidate, field);
  const problems = configProblems(candidate, field.path);
  return problems.length ? problems.join('; ') : undefined;
}

export const resolvedConfig = (a: Answers): RunConfig => configSchema.parse(a.config);
