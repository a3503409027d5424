import { stat } from 'node:fs/promises';
import { quoteLiteral } from '../schema/derive/sql-types.js';
import { sha256File } from '../sinks/hash-file.js';
import type { Duck } from '../sql/duckdb-connection.js';
import type { WrittenFile } from '../write/drop-files.js';
import { resolveInDrop } from './drop-paths.js';
import type { Drop } from './read-drop.js';

/** One manifest file that is not what the manifest says, and why (one line, for reports). */
export interface FileProblem {
  path: string;
  problem: string;
  /** Whether a Parquet reader can still open it (a changed but whole file), or not (missing, truncated, outside the drop). */
  readable: boolean;
}

/** Row count from the Parquet footer, read by DuckDB (an independent reader); undefined with the reason when unreadable. */
async function footerRows(db: Duck, path: string): Promise<{ rows?: number; error?: string }> {
  try {
    const [row] = await db.all(`SELECT num_rows FROM parquet_file_metadata(${quoteLiteral(path)})`);
    return { rows: Number(row?.num_rows) };
  } catch (err) {
    return { error: `not a readable Parquet file (${(err as Error).message.split('\n')[0]})` };
  }
}

/**
 * Checks one file against its manifest entry: inside the drop (symlinks followed), present,
 * the size and sha256 recorded, and the row count of its Parquet footer. The first failure is
 * the one reported.
 */
async function checkFile(db: Duck, root: string, f: WrittenFile): Promise<FileProblem | undefined> {
  const bad = (problem: string, readable: boolean): FileProblem => ({ path: f.path, problem, readable });
  const path = await resolveInDrop(root, f.path);
  if (!path) return bad('leads outside the drop (symlink)', false);
  const info = await stat(path).catch(() => undefined);
  if (!info) return bad('missing', false);
  if (!info.isFile()) return bad('not a regular file', false);
  const footer = await footerRows(db, path);
  if (info.size !== f.bytes)
    return bad(
      `${info.size} bytes, the manifest says ${f.bytes}${info.size < f.bytes ? ' (truncated)' : ''}`,
      footer.error === undefined,
    );
  if ((await sha256File(path)) !== f.sha256)
    return bad('sha256 differs from the manifest (a file of another drop?)', footer.error === undefined);
  if (footer.error !== undefined) return bad(footer.error, false);
  if (footer.rows !== f.rows)
    return bad(`its Parquet footer says ${footer.rows} rows, the manifest says ${f.rows}`, true);
  return undefined;
}

/** Every file of the drop that is not exactly what its manifest says: one entry per bad file. */
export async function verifyDropFiles(db: Duck, drop: Drop): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  for (const f of drop.files) {
    const problem = await checkFile(db, drop.root, f);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** `path: problem` lines, at most `max`, with a count of the rest. */
export function describeProblems(problems: FileProblem[], max = 5): string {
  const lines = problems.slice(0, max).map((p) => `${p.path}: ${p.problem}`);
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return lines.join('; ');
}
