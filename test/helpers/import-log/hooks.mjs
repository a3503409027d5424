import { appendFileSync } from 'node:fs';

/** Module hook (node:module register): appends every specifier the process imports to $IDGRAPH_IMPORT_LOG. */
export async function resolve(specifier, context, next) {
  appendFileSync(process.env.IDGRAPH_IMPORT_LOG, `${specifier}\n`);
  return next(specifier, context);
}
