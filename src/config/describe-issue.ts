import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { configSchema } from './schema.js';
import { settingPaths } from './setting-paths.js';

let known: string[] | undefined;
const knownPaths = (): string[] => {
  known ??= settingPaths(configSchema);
  return known;
};

const last = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/**
 * The setting a misspelt or misplaced key most likely meant: a small edit of the whole path
 * (`househld.sizeMean`), or the same name under another group (`sizeMean` at the top level).
 */
export function nearestSetting(path: string): string | undefined {
  const name = last(path).toLowerCase();
  let best: { path: string; score: number } | undefined;
  for (const candidate of knownPaths()) {
    const score = Math.min(
      distance(path.toLowerCase(), candidate.toLowerCase()),
      // Right name in the wrong group costs one edit.
      distance(name, last(candidate).toLowerCase()) + 1,
    );
    if (!best || score < best.score) best = { path: candidate, score };
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return best && best.score <= allowed ? best.path : undefined;
}

/** A JavaScript value's kind in the words a config author uses. */
function kindOf(v: unknown): string {
  if (v === null) return 'empty (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a group of settings';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return 'true/false';
  return `a ${typeof v}`;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a group of settings (indented key: value lines)',
  array: 'a list',
};

/**
 * The value to quote: a rule across fields (sizeMin ≤ sizeMax, a refine on the group) receives
 * the whole group as its input, so quote the field the issue names, not every setting of the group.
 */
function shown(issue: z.core.$ZodIssue, input: unknown): unknown {
  const key = issue.path[issue.path.length - 1];
  if (issue.code !== 'custom' || input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return typeof key === 'string' && key in input ? (input as Record<string, unknown>)[key] : input;
}

/** One zod issue as one plain sentence naming the key, the value and what is allowed. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : '(config)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length ? `${field}.` : '';
    const names = issue.keys.map((k) => {
      const near = nearestSetting(`${prefix}${k}`);
      return `'${prefix}${k}'${near ? ` (did you mean ${near}?)` : ''}`;
    });
    return `unknown setting${names.length > 1 ? 's' : ''} ${names.join(', ')} — see the config reference in README.md`;
  }
  const input = 'input' in issue ? issue.input : undefined;
  // A number that is not whole is a range problem, said by the schema's own message below.
  if (
    issue.code === 'invalid_type' &&
    input !== undefined &&
    !(issue.expected === 'int' && typeof input === 'number')
  ) {
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    return `${field} is ${JSON.stringify(input)}, which is ${kindOf(input)}; expected ${expected}`;
  }
  const got = shown(issue, input) !== undefined ? ` (got ${JSON.stringify(shown(issue, input))})` : '';
  return `${field}: ${issue.message}${got}`;
}
