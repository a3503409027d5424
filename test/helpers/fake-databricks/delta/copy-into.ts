/**
 * COPY INTO as the Databricks SQL reference describes it
 * (https://docs.databricks.com/sql/language-manual/delta-copy-into.html):
 * - `COPY INTO t FROM { 'source' | (SELECT expression_list FROM 'source') } FILEFORMAT = …
 *   [FILES = (…) | PATTERN = '…'] [COPY_OPTIONS (…)]`;
 * - FILES: "a list of file names to load, with a length up to 1000", not with PATTERN;
 * - PATTERN: a glob over paths relative to the source directory: `?`, `*`, `[abc]`, `[a-b]`,
 *   `[^a]`, `{ab,cd}` (nested braces too), e.g. `'folder1/file_[a-g].csv'`;
 * - idempotent: files already loaded into the table are skipped (unless 'force' = 'true').
 * A FILES entry with a folder in it is not a file name, so the emulator refuses it.
 */
import { literalValue, matchParen, nameParts, splitTopLevel } from './spark-sql.js';

export const FILES_LIMIT = 1000;

export interface CopyInto {
  target: string[];
  /** The SELECT list (Spark SQL), or undefined for all columns. */
  select?: string[];
  source: string;
  format: string;
  files?: string[];
  pattern?: string;
  options: Map<string, string>;
}

export function parseCopyInto(sql: string): CopyInto {
  const head = /^COPY\s+INTO\s+(.+?)\s+FROM\s+/is.exec(sql);
  if (!head) throw new Error(`[PARSE_SYNTAX_ERROR] unsupported COPY INTO: ${sql.slice(0, 80)}`);
  let rest = sql.slice(head[0].length);
  let select: string[] | undefined;
  let source: string;
  if (rest.startsWith('(')) {
    const close = matchParen(rest, 0);
    const inner = /^SELECT\s+(.+)\s+FROM\s+('(?:[^'\\]|\\.)*')\s*$/is.exec(rest.slice(1, close - 1).trim());
    if (!inner) throw new Error(`[PARSE_SYNTAX_ERROR] unsupported COPY INTO source: ${rest.slice(0, close)}`);
    select = splitTopLevel(inner[1]);
    source = literalValue(inner[2]);
    rest = rest.slice(close);
  } else {
    const m = /^('(?:[^'\\]|\\.)*')/.exec(rest);
    if (!m) throw new Error('[PARSE_SYNTAX_ERROR] COPY INTO needs a source location');
    source = literalValue(m[1]);
    rest = rest.slice(m[0].length);
  }
  const format = /\bFILEFORMAT\s*=\s*(\w+)/i.exec(rest)?.[1];
  if (!format) throw new Error('[PARSE_SYNTAX_ERROR] COPY INTO needs FILEFORMAT');
  const result: CopyInto = {
    target: nameParts(head[1]),
    select,
    source,
    format: format.toUpperCase(),
    options: new Map(),
  };
  const files = /\bFILES\s*=\s*\(/i.exec(rest);
  if (files) {
    const open = files.index + files[0].length - 1;
    result.files = splitTopLevel(rest.slice(open + 1, matchParen(rest, open) - 1)).map(literalValue);
  }
  const pattern = /\bPATTERN\s*=\s*('(?:[^'\\]|\\.)*')/i.exec(rest);
  if (pattern) result.pattern = literalValue(pattern[1]);
  const options = /\bCOPY_OPTIONS\s*\(/i.exec(rest);
  if (options) {
    const open = options.index + options[0].length - 1;
    for (const pair of splitTopLevel(rest.slice(open + 1, matchParen(rest, open) - 1))) {
      const [k, v] = pair.split('=').map((s) => literalValue(s));
      result.options.set(k.toLowerCase(), v.toLowerCase());
    }
  }
  if (result.files && result.pattern)
    throw new Error('[COPY_INTO_FILES_AND_PATTERN] FILES and PATTERN cannot be specified together');
  if (result.files && result.files.length > FILES_LIMIT)
    throw new Error(
      `[COPY_INTO_TOO_MANY_FILES] FILES lists ${result.files.length} files; at most ${FILES_LIMIT} are allowed`,
    );
  const folder = result.files?.find((f) => f.includes('/'));
  if (folder)
    throw new Error(
      `[EMULATOR_UNDOCUMENTED_FILES_ENTRY] FILES takes file names; '${folder}' has a folder in it (use PATTERN for files in subfolders)`,
    );
  return result;
}

/** Databricks glob (see above) → a RegExp over '/'-separated relative paths; `*` and `?` stay within one folder. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) throw new Error(`[INVALID_GLOB] unclosed [ in ${glob}`);
      const body = glob.slice(i + 1, end);
      out += `[${body.startsWith('^') ? `^${body.slice(1).replace(/\\/g, '\\\\')}` : body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  if (braces) throw new Error(`[INVALID_GLOB] unclosed { in ${glob}`);
  return new RegExp(`^${out}$`);
}
