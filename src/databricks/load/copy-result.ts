/** What one COPY INTO reported. */
export interface CopyResult {
  inserted: number;
  affected: number;
  skippedCorruptFiles: number;
}

const count = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  if (!Number.isFinite(n)) throw new Error(`COPY INTO returned a non-numeric count ${JSON.stringify(String(value))}`);
  return n;
};

/**
 * COPY INTO answers with one row of num_affected_rows, num_inserted_rows and
 * num_skipped_corrupt_files (the driver may hand counts over as numbers, bigints or strings).
 * A result without either row count is an error, not a silent zero.
 */
export function parseCopyResult(rows: readonly Record<string, unknown>[]): CopyResult {
  const result: CopyResult = { inserted: 0, affected: 0, skippedCorruptFiles: 0 };
  for (const row of rows) {
    if (!('num_inserted_rows' in row) && !('num_affected_rows' in row)) {
      throw new Error(
        `unexpected COPY INTO result (columns ${Object.keys(row).join(', ') || 'none'}): expected num_inserted_rows`,
      );
    }
    const affected = count(row.num_affected_rows);
    result.affected += affected;
    result.inserted += 'num_inserted_rows' in row ? count(row.num_inserted_rows) : affected;
    result.skippedCorruptFiles += count(row.num_skipped_corrupt_files);
  }
  return result;
}
