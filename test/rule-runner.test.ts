import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import type { Rule } from '../src/validate/rule.js';
import { summarize } from '../src/validate/rule.js';
import { runRule, type SqlExecutor } from '../src/validate/run-rules.js';
import { runRuleRemote } from '../src/databricks/load/remote-rules.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';

/** An executor answering every statement with `rows`, or throwing `error`. */
const answering = (rows: Record<string, unknown>[], error?: Error): SqlExecutor => ({
  async execute() {
    if (error) throw error;
    return rows;
  },
});

const share: Rule = {
  id: 't.share',
  table: 't',
  kind: 'figure',
  description: 'a share',
  sql: 'SELECT 0.5 AS figure, 10 AS n',
  expect: () => [0.4, 0.6],
  minN: 40,
};
const violations: Rule = { id: 't.v', table: 't', kind: 'violations', description: 'none bad', sql: 'SELECT 1 AS id' };

describe('one rule runner for every engine', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('skips a statistical rule whose sample is below its own minimum, on DuckDB and Databricks alike', async () => {
    for (const run of [(e: SqlExecutor, r: Rule) => runRule(e, r), runRuleRemote]) {
      const small = await run(answering([{ figure: 0.9, n: 10 }]), share);
      expect(small).toMatchObject({ status: 'skipped', ok: true, n: 10 });
      expect(small.skipped).toMatch(/n too small: n = 10.*n ≥ 40/);
      // The same figure on enough rows is judged, and fails.
      expect(await run(answering([{ figure: 0.9, n: 40 }]), share)).toMatchObject({ status: 'failed', ok: false });
      expect(await run(answering([{ figure: 0.5, n: 40 }]), share)).toMatchObject({ status: 'passed', ok: true });
      // No rows at all is a skip, not a NaN that passes or fails.
      expect(await run(answering([{ figure: null, n: 0 }]), { ...share, minN: undefined })).toMatchObject({
        status: 'skipped',
      });
    }
  });

  it('turns a failing statement into one failed rule, but lets connection errors through', async () => {
    const r = await runRuleRemote(answering([], new Error('TABLE_OR_VIEW_NOT_FOUND\nstack')), violations);
    expect(r).toMatchObject({ status: 'failed', ok: false, error: 'TABLE_OR_VIEW_NOT_FOUND' });
    await expect(runRule(answering([], new UserError('wrong token', 'fix it')), violations)).rejects.toThrow(
      'wrong token',
    );
  });

  it('never counts a skipped rule as passed', () => {
    const report = summarize([
      { id: 'a', table: 't', description: '', ok: true, figure: 0 },
      { id: 'b', table: 't', description: '', ok: true, figure: Number.NaN, skipped: 'DuckDB only: x' },
      { id: 'c', table: 't', description: '', ok: false, figure: 3 },
    ]);
    expect(report).toMatchObject({ ok: false, passed: 1, skipped: 1, failed: 1 });
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'skipped', 'failed']);
  });

  it('`idgraph run -n 10` exits 0 and lists its skips; --json carries the status of each rule', () => {
    const dir = tempDir();
    dirs.push(dir);
    const out = join(dir, 'out');
    const run = cli(['run', '-n', '10', '--out', out, '--workers', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^skip {2}households\.size_mean .*skipped \(n too small: n = 10/m);
    expect(run.stdout).toMatch(/^\d+ checks passed, \d+ skipped/m);
    expect(run.stdout).not.toMatch(/NaN|^FAIL/m);
    const json = JSON.parse(cli(['validate', out, '--json']).stdout);
    const size = json.results.find((r: { id: string }) => r.id === 'households.size_mean');
    expect(size).toMatchObject({ status: 'skipped', n: 10 });
    expect(json.skipped).toBeGreaterThan(0);
    expect(json.passed + json.skipped + json.failed).toBe(json.results.length);
  });
});
