import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { registryMarkdown } from '../src/schema/derive/docs.js';
import { README_BEGIN, README_END } from '../scripts/readme-markers.js';

const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('carries the table reference derived from the registry (run `npm run docs` after a registry edit)', () => {
    const inside = readme.slice(readme.indexOf(README_BEGIN) + README_BEGIN.length, readme.indexOf(README_END));
    expect(inside.trim()).toBe(registryMarkdown().trim());
  });

  it('shows the commands CI runs', () => {
    const ci = readFileSync(join(PACKAGE_ROOT, '.ci', 'run'), 'utf8');
    for (const cmd of ['npm ci', 'npm start', 'npm test']) {
      expect(ci).toContain(cmd);
      expect(readme).toContain(cmd);
    }
  });

  // The DuckDB load declares no key constraints (test/duckdb-load-memory.test.ts shows a duplicate
  // and an orphan going in, and validate --db catching them): the README must not say otherwise.
  it('says keys are validation rules in DuckDB, never that DuckDB enforces them', () => {
    expect(readme).toContain('**Keys are validation rules, not indexes.**');
    expect(readme).not.toMatch(/enforced\s+by\s+DuckDB/);
  });
});
