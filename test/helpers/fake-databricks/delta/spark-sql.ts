/**
 * Just enough Spark SQL → DuckDB translation for the emulator: quoting (backtick identifiers,
 * backslash-escaped string literals: https://docs.databricks.com/sql/language-manual/sql-ref-identifiers.html ,
 * https://docs.databricks.com/en/sql/language-manual/data-types/string-type.html), the one
 * catalog it hosts, Unity Catalog's information_schema, type names, and the few functions whose
 * DuckDB name or meaning differs. Unknown syntax is passed through and fails in DuckDB, loudly.
 */

export interface Token {
  kind: 'code' | 'string' | 'ident';
  /** For 'string' and 'ident': the unescaped value; for 'code': the text. */
  text: string;
}

/** Splits SQL into code, string literals and delimited identifiers. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let code = '';
  const flush = () => {
    if (code) tokens.push({ kind: 'code', text: code });
    code = '';
  };
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      flush();
      let value = '';
      for (i++; i < sql.length && sql[i] !== "'"; i++) value += sql[i] === '\\' ? sql[++i] : sql[i];
      if (i >= sql.length) throw new Error(`[PARSE_SYNTAX_ERROR] unterminated string literal in: ${sql}`);
      tokens.push({ kind: 'string', text: value });
    } else if (c === '`') {
      flush();
      let value = '';
      for (i++; i < sql.length; i++) {
        if (sql[i] === '`' && sql[i + 1] === '`') value += sql[i++];
        else if (sql[i] === '`') break;
        else value += sql[i];
      }
      tokens.push({ kind: 'ident', text: value });
    } else code += c;
  }
  flush();
  return tokens;
}

const duckString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const duckIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Databricks type spelling → DuckDB. TIMESTAMP is an instant in Databricks (session time zone UTC here). */
export function duckType(sparkType: string): string {
  const t = sparkType.trim().toUpperCase().replace(/\s+/g, '');
  const array = /^ARRAY<(.+)>$/.exec(t);
  if (array) return `${duckType(array[1])}[]`;
  const map = /^MAP<([^,]+),(.+)>$/.exec(t);
  if (map) return `MAP(${duckType(map[1])}, ${duckType(map[2])})`;
  if (t === 'STRING') return 'VARCHAR';
  if (t === 'TIMESTAMP') return 'TIMESTAMPTZ';
  if (t === 'INT') return 'INTEGER';
  return t;
}

const FUNCTION_RENAMES: [RegExp, string][] = [
  [/\bcurrent_user\s*\(\s*\)/gi, 'uc_current_user()'],
  [/\bis_account_group_member\s*\(/gi, 'uc_is_account_group_member('],
  [/\bsize\s*\(/gi, 'len('],
  [/\barray\s*\(/gi, 'list_value('],
  [/\bunix_micros\s*\(/gi, 'epoch_us('],
  [/\btimestamp_micros\s*\(/gi, 'spark_timestamp_micros('],
  [/\bdatediff\s*\(/gi, 'spark_datediff('],
  [/\bdayofweek\s*\(/gi, 'spark_dayofweek('],
  [/\bfrom_utc_timestamp\s*\(/gi, 'spark_from_utc_timestamp('],
  // filter(list, x -> …), not the aggregate clause FILTER (WHERE …).
  [/\bfilter\s*\((?!\s*WHERE\b)/gi, 'list_filter('],
  [/\barray_min\s*\(/gi, 'list_min('],
  [/\barray_max\s*\(/gi, 'list_max('],
  [/\barrays_overlap\s*\(/gi, 'list_has_any('],
];

/** Macros the translated SQL relies on (Spark meaning, DuckDB body). */
export const SPARK_MACROS = [
  'CREATE MACRO spark_datediff(e, s) AS CAST(e AS DATE) - CAST(s AS DATE)',
  // Spark: 1 = Sunday … 7 = Saturday; DuckDB: 0 … 6.
  'CREATE MACRO spark_dayofweek(d) AS dayofweek(d) + 1',
  // from_utc_timestamp(ts, tz): the instant ts shown as wall-clock time in tz (DST included), e.g. hour() is the
  // local hour. https://docs.databricks.com/en/sql/language-manual/functions/from_utc_timestamp.html
  'CREATE MACRO spark_from_utc_timestamp(ts, tz) AS timezone(tz, CAST(ts AS TIMESTAMPTZ))',
  'CREATE MACRO spark_timestamp_micros(x) AS CAST(make_timestamp(CAST(x AS BIGINT)) AS TIMESTAMPTZ)',
];

/** Rewrites type names in code (CAST(… AS STRING), `::` casts, ARRAY<…>/MAP<…>). */
function rewriteTypes(code: string): string {
  return code
    .replace(/\b(ARRAY|MAP)<[^()]*?>+/gi, (m) => duckType(m))
    .replace(/(\bAS\s+|::\s*)(STRING|TIMESTAMP|INT)\b/gi, (_m, pre: string, t: string) => `${pre}${duckType(t)}`);
}

/**
 * Spark's `aggregate(list, start, (acc, x) -> expr)` is DuckDB's `list_reduce(list, (acc, x) -> expr, start)`:
 * the arguments are reordered in the Spark text, before quoting is translated.
 */
function rewriteAggregate(sql: string): string {
  const call = /\baggregate\s*\(/gi;
  let out = '';
  let from = 0;
  for (let m = call.exec(sql); m; m = call.exec(sql)) {
    if (m.index < from) continue;
    const open = m.index + m[0].length - 1;
    const close = matchParen(sql, open);
    const args = splitTopLevel(sql.slice(open + 1, close - 1), false);
    if (args.length !== 3) continue;
    out += `${sql.slice(from, m.index)}list_reduce(${rewriteAggregate(args[0])}, ${rewriteAggregate(args[2])}, ${rewriteAggregate(args[1])})`;
    from = close;
    call.lastIndex = close;
  }
  return out + sql.slice(from);
}

/**
 * Translates one statement. `catalog` is the catalog the emulator hosts: `catalog`.`schema`.`t`
 * becomes "schema"."t" and `catalog`.information_schema.x becomes uc_information_schema.x.
 */
export function toDuckSql(sql: string, catalog: string): string {
  const tokens = tokenize(rewriteAggregate(sql));
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t.kind === 'ident' && t.text === catalog && next?.kind === 'code' && next.text.startsWith('.')) {
      // Drop the catalog and its dot; information_schema is the emulated one.
      const rest = next.text.slice(1);
      tokens[i + 1] = {
        kind: 'code',
        text: /^information_schema\b/i.test(rest)
          ? rest.replace(/^information_schema/i, 'uc_information_schema')
          : rest,
      };
      continue;
    }
    if (t.kind === 'string') out += duckString(t.text);
    else if (t.kind === 'ident') out += duckIdent(t.text);
    else {
      let code = rewriteTypes(dropPlainCatalog(t.text, catalog));
      for (const [pattern, replacement] of FUNCTION_RENAMES) code = code.replace(pattern, replacement);
      out += code;
    }
  }
  return out;
}

/**
 * The catalog of an unquoted three-part name (`main.schema.table`, as users type it): dropped
 * like a quoted one; `main.information_schema.x` is the emulated information_schema.
 */
function dropPlainCatalog(code: string, catalog: string): string {
  if (!/^\w+$/.test(catalog)) return code;
  const three = new RegExp(`(^|[^\\w.])${catalog}\\s*\\.\\s*(?=\\w+\\s*\\.\\s*\\w)`, 'g');
  return code.replace(three, '$1').replace(/(^|[^\w.])information_schema\s*\./gi, '$1uc_information_schema.');
}

/** Splits a parenthesised list's body on top-level commas (quotes and nesting, with or without `<…>`, respected). */
export function splitTopLevel(body: string, angles = true): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      current += c;
      if (c === '\\' && quote === "'") current += body[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '`') quote = c;
    else if (c === '(' || (angles && c === '<')) depth++;
    else if (c === ')' || (angles && c === '>')) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** The index just past the parenthesis matching the one at `open`. */
export function matchParen(sql: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === '\\' && quote === "'") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`[PARSE_SYNTAX_ERROR] unbalanced parentheses in: ${sql}`);
}

/** A Spark string literal's value ('…' with backslash escapes). */
export function literalValue(text: string): string {
  const [token] = tokenize(text.trim());
  if (token?.kind !== 'string') throw new Error(`[PARSE_SYNTAX_ERROR] expected a string literal, got ${text}`);
  return token.text;
}

/** `a`.`b`.`c` or a.b.c → ['a', 'b', 'c']. */
export function nameParts(text: string): string[] {
  return tokenize(text.trim())
    .flatMap((t) => (t.kind === 'ident' ? [t.text] : t.text.split('.').map((s) => s.trim())))
    .filter((s) => s !== '');
}
