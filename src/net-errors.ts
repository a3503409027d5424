/**
 * Node error codes that mean "the endpoint could not be reached at all" (nothing was sent or
 * answered), shared by the Databricks client and the S3 sink so both name the same failures the
 * same way. Each caller adds codes with a meaning of its own (the S3 sink counts a reset or a
 * broken pipe as unreachable too; the Databricks client reports those as a dropped connection,
 * since a statement may have run).
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);
