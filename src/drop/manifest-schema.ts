import { z } from 'zod';
import { UserError } from '../errors.js';
import { SCHEMA_VERSION, TABLES } from '../schema/registry.js';
import { MANIFEST_FORMAT, type Manifest } from '../write/manifest.js';

const count = z.number().int().nonnegative();
const tableName = z.enum(TABLES.map((t) => t.name) as [string, ...string[]]);

/**
 * A file path inside the drop: '/'-separated, relative, no '.', '..' or empty segments, under
 * its table's folder. Checked lexically here; symlinks are checked where files are opened.
 */
export function isSafeDropPath(path: string): boolean {
  const segments = path.split('/');
  return (
    path.length > 0 &&
    !path.includes('\\') &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters never belong in a file name
    !/[\u0000-\u001f]/.test(path) &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

const fileSchema = z
  .object({
    path: z.string().refine(isSafeDropPath, { message: 'must be a relative path inside the drop (no "..")' }),
    table: tableName,
    rows: count,
    bytes: count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits'),
  })
  .refine((f) => f.path.startsWith(`${f.table}/`), {
    message: "must lie in its table's folder",
    path: ['path'],
  });

const shardSchema = z
  .object({ index: count, count: z.number().int().positive() })
  .refine((s) => s.index < s.count, { message: 'index must be below count' });

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-10-01');
const hex = z.string().regex(/^[0-9a-f]{6,64}$/, 'must be hex digits');

/** A drop's place in its lineage (src/lineage/types.ts); absent in drops written before lineages. */
const lineageSchema = z
  .object({
    id: hex,
    sequence: count,
    parent: z
      .object({ fingerprint: hex, sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits') })
      .nullable(),
    history: z
      .array(
        z.object({
          start: isoDay,
          end: isoDay,
          asOf: z.string(),
          households: count,
          campaigns: z.object({ first: count, count, minDays: count, maxDays: count }).optional(),
        }),
      )
      .min(1, 'must list at least the base'),
    highWater: z.object({
      households: count,
      campaigns: count,
      eventSeq: count,
      exposureSeq: count,
      responseSeq: count,
    }),
    writeModes: z.record(tableName, z.enum(['append', 'upsert'])),
  })
  .refine((l) => l.history.length === l.sequence + 1, { message: 'history must hold one step per sequence number' })
  .refine((l) => (l.sequence === 0) === (l.parent === null), { message: 'only the base (sequence 0) has no parent' });

/** Every field a reader relies on; `config` is checked by the config schema when the drop is read. */
export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  schemaVersion: z.number().int(),
  generator: z.object({ name: z.string(), version: z.string() }),
  versions: z.record(z.string(), z.string()),
  fingerprint: z.string().regex(/^[0-9a-f]{6,64}$/, 'must be hex digits'),
  config: z.record(z.string(), z.unknown()),
  shard: shardSchema,
  households: z.object({ first: count, count }),
  tables: z.record(tableName, z.object({ rows: count, files: count, bytes: count })),
  files: z.array(fileSchema),
  lineage: lineageSchema.optional(),
});

const where = (path: readonly PropertyKey[]): string =>
  path.length
    ? path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .slice(1)
    : '(top)';

/**
 * Parses a manifest's JSON text, refusing anything a reader could trip on: a foreign format, another
 * schema version, a missing or mistyped field, a path leaving the drop, per-table totals that
 * disagree with the file list. `name` is how the manifest is named in messages.
 */
export function parseManifest(text: string, name: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${name} is not valid JSON`, 'regenerate the drop (or re-upload it)', { cause: err });
  }
  const head = (raw ?? {}) as { format?: unknown; schemaVersion?: unknown; generator?: { version?: unknown } };
  if (typeof raw !== 'object' || raw === null || head.format !== MANIFEST_FORMAT)
    throw new UserError(
      `${name} is not an idgraph manifest (format ${JSON.stringify(head.format)})`,
      'pass a folder written by `idgraph generate`',
    );
  if (head.schemaVersion !== SCHEMA_VERSION)
    throw new UserError(
      `${name} has schema version ${JSON.stringify(head.schemaVersion)}; this idgraph reads version ${SCHEMA_VERSION}`,
      `regenerate the drop with this version, or use the idgraph version that wrote it (${JSON.stringify(head.generator?.version)})`,
    );
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${where(i.path)}: ${i.message}`);
    throw new UserError(
      `${name} is damaged: ${issues.join('; ')}${parsed.error.issues.length > 3 ? '; …' : ''}`,
      'regenerate the drop (or re-upload it); never edit a manifest by hand',
    );
  }
  const m = parsed.data as unknown as Manifest;
  checkTotals(m, name);
  return m;
}

/** The per-table totals must be the sums over the file list: a reader trusts either. */
function checkTotals(m: Manifest, name: string): void {
  const sums = new Map<string, { rows: number; files: number; bytes: number }>();
  for (const f of m.files) {
    const s = sums.get(f.table) ?? { rows: 0, files: 0, bytes: 0 };
    s.rows += f.rows;
    s.files += 1;
    s.bytes += f.bytes;
    sums.set(f.table, s);
  }
  for (const t of TABLES) {
    const declared = m.tables[t.name] ?? { rows: 0, files: 0, bytes: 0 };
    const s = sums.get(t.name) ?? { rows: 0, files: 0, bytes: 0 };
    if (declared.rows !== s.rows || declared.files !== s.files || declared.bytes !== s.bytes)
      throw new UserError(
        `${name} is damaged: table ${t.name} declares ${declared.rows} rows in ${declared.files} files, its file list holds ${s.rows} rows in ${s.files} files`,
        'regenerate the drop (or re-upload it); never edit a manifest by hand',
      );
  }
  const paths = new Set<string>();
  for (const f of m.files) {
    if (paths.has(f.path))
      throw new UserError(`${name} is damaged: ${f.path} is listed twice`, 'regenerate the drop (or re-upload it)');
    paths.add(f.path);
  }
}
