import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { TABLES } from '../src/schema/registry.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';

const small = ['--households', '300', '--set', 'output.chunkHouseholds=64', '--workers', '1'];
const dir = tempDir();
const out = join(dir, 'out');
const db = join(out, 'idgraph.duckdb');
let run: ReturnType<typeof cli>;

beforeAll(() => {
  run = cli(['run', '--out', out, ...small, '--json', '--report', join(dir, 'r.html')]);
});

/** Rows per table as DuckDB itself counts them in the loaded database. */
async function countRows(): Promise<Record<string, number>> {
  const d = await openDuck(db, { readOnly: true });
  try {
    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t.name] = Number((await d.all(`SELECT count(*) AS n FROM "${t.name}"`))[0].n);
    return counts;
  } finally {
    d.close();
  }
}

describe('--json on every command with a summary', () => {
  it('run --json prints one object with each stage, and nothing else on stdout', async () => {
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]);
    expect(Object.keys(summary).sort()).toEqual(['db', 'generate', 'load', 'report', 'seconds', 'validate']);
    const counts = await countRows();
    expect(summary.load.inserted).toEqual(counts);
    for (const t of TABLES) expect(summary.generate.tables[t.name].rows).toBe(counts[t.name]);
    expect(summary.validate.ok).toBe(true);
    expect(summary.validate.results.length).toBe(summary.validate.passed + summary.validate.skipped);
    expect(summary.report.path).toBe(join(dir, 'r.html'));
    expect(existsSync(summary.report.path)).toBe(true);
    expect(summary.db).toBe(db);
  });

  it('init --yes --json says what it wrote and what to run next; --json without --yes is refused', async () => {
    const path = join(dir, 'graph.yaml');
    const r = cli(['init', '--yes', '--json', '--out', path]);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(r.stdout);
    expect(written.path).toBe(path);
    expect(existsSync(path)).toBe(true);
    expect(written.next.some((c: string) => c.includes('idgraph run -c'))).toBe(true);
    const refused = cli(['init', '--json', '--out', join(dir, 'other.yaml')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^idgraph: --json needs --yes/);
  });

  it('report --json says what it wrote', () => {
    const r = cli(['report', '--db', db, '--out', join(dir, 'again.html'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(r.stdout);
    expect(written.path).toBe(join(dir, 'again.html'));
    expect(written.bytes).toBeGreaterThan(10_000);
    expect(written.problems).toBe(0);
  });
});

describe('validate prints failures, skips and a summary; --verbose every rule', () => {
  it('a clean database: only skips and the summary by default, every rule with --verbose', () => {
    const full = JSON.parse(cli(['validate', '--db', db, '--json']).stdout) as {
      results: { id: string; status: string }[];
    };
    const byDefault = cli(['validate', '--db', db]);
    expect(byDefault.code, byDefault.stderr).toBe(0);
    const lines = byDefault.stdout.trimEnd().split('\n');
    const skipped = full.results.filter((r) => r.status === 'skipped');
    expect(lines.filter((l) => l.startsWith('skip  '))).toHaveLength(skipped.length);
    expect(lines.some((l) => l.startsWith('ok  '))).toBe(false);
    expect(lines.at(-1)).toMatch(/^(all )?\d+ checks passed.*\(--verbose lists every rule\)$/);

    const verbose = cli(['validate', '--db', db, '--verbose']);
    expect(verbose.code).toBe(0);
    const ruleLines = verbose.stdout.split('\n').filter((l) => /^(ok {2}|skip|FAIL) {2}/.test(l));
    expect(ruleLines).toHaveLength(full.results.length);
    for (const r of full.results) expect(verbose.stdout).toContain(` ${r.id} `);
  });

  it('a failing rule is printed by default, with the summary naming the failures', () => {
    // Rows deleted behind the ledger's back: the ledger rule fails (see README, DuckDB load).
    const del = cli(['sql', '--write', '--db', db, 'DELETE FROM outcome_metrics WHERE outcome_id % 2 = 0']);
    expect(del.code, del.stderr).toBe(0);
    const r = cli(['validate', '--db', db]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const failed = lines.filter((l) => l.startsWith('FAIL  '));
    expect(failed.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('ok  '))).toBe(false);
    expect(lines.at(-1)).toMatch(new RegExp(`^${failed.length} of \\d+ checks FAILED`));
  });
});
