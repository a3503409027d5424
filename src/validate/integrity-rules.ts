import type { Drop } from '../drop/read-drop.js';
import { verifyDropFiles } from '../drop/verify-files.js';
import { quoteIdent as q } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Duck } from '../sql/duckdb-connection.js';
import type { RuleResult } from './rule.js';

/** Bad files named in a report: enough to act on, bounded for a badly damaged drop. */
const MAX_NAMED = 20;

/**
 * `drop.files_intact`: every manifest file inside the drop, present, with its size, sha256 and
 * footer row count. Also returns the drop without its unreadable files (missing, truncated,
 * outside the drop), so the other rules read only what can be read: one truncated file is one
 * line here, not an IO error repeated by every rule. A changed but whole file stays in, so the
 * other rules say what is wrong with its rows.
 */
export async function fileIntegrity(db: Duck, drop: Drop): Promise<{ result: RuleResult; readable: Drop }> {
  const problems = await verifyDropFiles(db, drop);
  const unreadable = new Set(problems.filter((p) => !p.readable).map((p) => p.path));
  const examples = problems.slice(0, MAX_NAMED).map((p) => `${p.path}: ${p.problem}`);
  if (problems.length > MAX_NAMED) examples.push(`… and ${problems.length - MAX_NAMED} more`);
  return {
    result: {
      id: 'drop.files_intact',
      table: '(drop)',
      description:
        'every manifest file present inside the drop with its size, sha256 and row count (unreadable ones are left out of the other rules)',
      ok: problems.length === 0,
      figure: problems.length,
      examples,
    },
    readable: { ...drop, files: drop.files.filter((f) => !unreadable.has(f.path)) },
  };
}

/** `drop.manifest_rows`: rows read per table (through the attached views) against the manifest's per-table totals. */
export async function manifestRows(db: Duck, drop: Drop): Promise<RuleResult> {
  const declared = new Map<string, number>();
  for (const m of drop.manifests)
    for (const [table, t] of Object.entries(m.tables)) declared.set(table, (declared.get(table) ?? 0) + t.rows);
  const mismatches: string[] = [];
  for (const t of TABLES) {
    const [{ n }] = await db.all(`SELECT count(*) AS n FROM ${q(t.name)}`);
    const want = declared.get(t.name) ?? 0;
    if (Number(n) !== want) mismatches.push(`${t.name}: ${Number(n)} rows read, the manifest says ${want}`);
  }
  return {
    id: 'drop.manifest_rows',
    table: '(drop)',
    description: "rows read per table equal the manifest's row counts",
    ok: mismatches.length === 0,
    figure: mismatches.length,
    examples: mismatches,
  };
}
