/**
 * The DDL the emulator understands, parsed into table metadata. Delta rules emulated here, each
 * from the Databricks documentation:
 * - CREATE TABLE column properties NOT NULL, DEFAULT, GENERATED ALWAYS AS, COMMENT; USING DELTA,
 *   PARTITIONED BY / CLUSTER BY, COMMENT, TBLPROPERTIES
 *   (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-create-table-using.html).
 * - DEFAULT needs the table feature 'delta.feature.allowColumnDefaults' = 'supported', else
 *   CREATE TABLE fails (https://docs.delta.io/delta-default-columns).
 * - PRIMARY KEY / FOREIGN KEY are informational: "define relationships between fields in tables
 *   and aren't enforced" (https://docs.databricks.com/aws/en/tables/constraints).
 * - CHECK constraints are added with ALTER TABLE … ADD CONSTRAINT, which "verifies that all
 *   existing rows satisfy the constraint before adding it", and show in SHOW TBLPROPERTIES as
 *   delta.constraints.<name> (https://docs.delta.io/delta-constraints ,
 *   https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-alter-table-add-constraint.html).
 */
import { literalValue, matchParen, nameParts, splitTopLevel } from './spark-sql.js';

export interface ColumnDef {
  name: string;
  /** As written (Databricks spelling). */
  type: string;
  notNull: boolean;
  /** Spark SQL expression. */
  defaultSql?: string;
  /** Spark SQL expression of a generated column. */
  generated?: string;
  comment?: string;
}

export interface TableDef {
  schema: string;
  name: string;
  columns: ColumnDef[];
  primaryKey?: { name: string; columns: string[] };
  foreignKeys: { name: string; columns: string[]; references: string }[];
  partitionedBy: string[];
  properties: Map<string, string>;
  /** CHECK constraints by lower-cased name: Spark SQL condition. */
  checks: Map<string, string>;
  comment?: string;
}

const COMMENT_AT_END = /\s+COMMENT\s+('(?:[^'\\]|\\.)*')\s*$/i;

function parseColumn(text: string): ColumnDef {
  const head = /^(`(?:[^`]|``)+`|\w+)\s+/.exec(text);
  if (!head) throw new Error(`[PARSE_SYNTAX_ERROR] cannot read column definition: ${text}`);
  const name = nameParts(head[1])[0];
  let rest = text.slice(head[0].length);
  // The type runs to the first space outside <> and ().
  let depth = 0;
  let end = 0;
  for (; end < rest.length; end++) {
    const c = rest[end];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (/\s/.test(c) && depth === 0) break;
  }
  const type = rest.slice(0, end);
  rest = rest.slice(end);
  const column: ColumnDef = { name, type, notNull: false };
  const comment = COMMENT_AT_END.exec(rest);
  if (comment) {
    column.comment = literalValue(comment[1]);
    rest = rest.slice(0, comment.index);
  }
  const generated = /\bGENERATED\s+ALWAYS\s+AS\s*\(/i.exec(rest);
  if (generated) {
    const open = generated.index + generated[0].length - 1;
    column.generated = rest.slice(open + 1, matchParen(rest, open) - 1).trim();
    rest = rest.slice(0, generated.index) + rest.slice(matchParen(rest, open));
  }
  if (/\bNOT\s+NULL\b/i.test(rest)) {
    column.notNull = true;
    rest = rest.replace(/\bNOT\s+NULL\b/i, ' ');
  }
  const dflt = /\bDEFAULT\s+(.+)$/is.exec(rest);
  if (dflt) {
    column.defaultSql = dflt[1].trim();
    rest = rest.slice(0, dflt.index);
  }
  if (rest.trim() !== '')
    throw new Error(`[PARSE_SYNTAX_ERROR] unsupported column property '${rest.trim()}' in: ${text}`);
  return column;
}

const columnList = (text: string): string[] => splitTopLevel(text.replace(/^\(|\)$/g, '')).flatMap(nameParts);

/** CREATE TABLE [IF NOT EXISTS] c.s.t (…) USING DELTA … → the table, and whether IF NOT EXISTS was given. */
export function parseCreateTable(sql: string): {
  parts: string[];
  ifNotExists: boolean;
  table: Omit<TableDef, 'schema' | 'name'>;
} {
  const head = /^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([^(]+?)\s*\(/is.exec(sql);
  if (!head) throw new Error(`[PARSE_SYNTAX_ERROR] unsupported CREATE TABLE: ${sql.slice(0, 80)}`);
  const open = head[0].length - 1;
  const close = matchParen(sql, open);
  const table: Omit<TableDef, 'schema' | 'name'> = {
    columns: [],
    foreignKeys: [],
    partitionedBy: [],
    properties: new Map(),
    checks: new Map(),
  };
  for (const item of splitTopLevel(sql.slice(open + 1, close - 1))) {
    const pk = /^CONSTRAINT\s+(\S+)\s+PRIMARY\s+KEY\s*(\(.*\))$/is.exec(item);
    const fk = /^CONSTRAINT\s+(\S+)\s+FOREIGN\s+KEY\s*(\([^)]*\))\s+REFERENCES\s+(.+?)\s*\([^)]*\)$/is.exec(item);
    if (pk) table.primaryKey = { name: nameParts(pk[1])[0], columns: columnList(pk[2]) };
    else if (fk) table.foreignKeys.push({ name: nameParts(fk[1])[0], columns: columnList(fk[2]), references: fk[3] });
    else if (/^CONSTRAINT\b/i.test(item) || /^CHECK\b/i.test(item))
      throw new Error(`[PARSE_SYNTAX_ERROR] unsupported table constraint in CREATE TABLE: ${item}`);
    else table.columns.push(parseColumn(item));
  }
  let rest = sql.slice(close).trim();
  const clause = (pattern: RegExp): string | undefined => {
    const m = pattern.exec(rest);
    if (!m) return undefined;
    rest = (rest.slice(0, m.index) + rest.slice(m.index + m[0].length)).trim();
    return m[1];
  };
  const using = clause(/^USING\s+(\w+)/i);
  if (using && using.toUpperCase() !== 'DELTA')
    throw new Error(`[EMULATOR] only USING DELTA is emulated, got ${using}`);
  const partitioned = clause(/PARTITIONED\s+BY\s*(\([^)]*\))/i);
  if (partitioned) table.partitionedBy = columnList(partitioned);
  clause(/CLUSTER\s+BY\s*(\([^)]*\))/i);
  const tblprops = /TBLPROPERTIES\s*\(/i.exec(rest);
  if (tblprops) {
    const o = tblprops.index + tblprops[0].length - 1;
    const body = rest.slice(o + 1, matchParen(rest, o) - 1);
    for (const pair of splitTopLevel(body)) {
      const m = /^('(?:[^'\\]|\\.)*')\s*=\s*('(?:[^'\\]|\\.)*')$/s.exec(pair);
      if (!m) throw new Error(`[PARSE_SYNTAX_ERROR] bad table property: ${pair}`);
      table.properties.set(literalValue(m[1]), literalValue(m[2]));
    }
    rest = (rest.slice(0, tblprops.index) + rest.slice(matchParen(rest, o))).trim();
  }
  const comment = clause(/COMMENT\s+('(?:[^'\\]|\\.)*')/i);
  if (comment) table.comment = literalValue(comment);
  if (rest !== '') throw new Error(`[PARSE_SYNTAX_ERROR] unsupported CREATE TABLE clause: ${rest}`);

  if (
    table.columns.some((c) => c.defaultSql) &&
    table.properties.get('delta.feature.allowColumnDefaults') !== 'supported'
  )
    throw new Error(
      "[WRONG_COLUMN_DEFAULTS_FOR_DELTA_FEATURE_NOT_ENABLED] Failed to execute CREATE TABLE command because it assigned a column DEFAULT value, but the corresponding table feature was not enabled. Please retry with TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported').",
    );
  for (const p of table.partitionedBy)
    if (!table.columns.some((c) => c.name === p))
      throw new Error(`[DELTA_PARTITION_COLUMN_NOT_FOUND] partition column ${p} is not a column of the table`);
  return { parts: nameParts(head[2]), ifNotExists: Boolean(head[1]), table };
}

/** ALTER TABLE c.s.t ADD CONSTRAINT name CHECK (condition). */
export function parseAddCheck(sql: string): { parts: string[]; name: string; condition: string } | undefined {
  const m = /^ALTER\s+TABLE\s+(.+?)\s+ADD\s+CONSTRAINT\s+(`(?:[^`]|``)+`|\w+)\s+CHECK\s*\(/is.exec(sql);
  if (!m) return undefined;
  const open = m[0].length - 1;
  const close = matchParen(sql, open);
  if (sql.slice(close).trim() !== '')
    throw new Error(`[PARSE_SYNTAX_ERROR] trailing text after CHECK: ${sql.slice(close)}`);
  return { parts: nameParts(m[1]), name: nameParts(m[2])[0], condition: sql.slice(open + 1, close - 1).trim() };
}

/**
 * ALTER TABLE c.s.t ADD COLUMN[S] (name type [COMMENT '…'], …), as the Databricks reference
 * describes it (https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-alter-table-manage-column ,
 * https://docs.databricks.com/aws/en/delta/update-schema):
 * - "By default, nullability is true"; existing rows read NULL in the new columns;
 * - "When you add a column to an existing Delta table, you cannot define a DEFAULT value";
 * - columns go at the end unless FIRST / AFTER says otherwise (not emulated: refused);
 * - adding a column the table already has fails (FIELDS_ALREADY_EXISTS).
 * NOT NULL is not part of the clause's column syntax, so it is refused too.
 */
export function parseAddColumns(sql: string): { parts: string[]; columns: ColumnDef[] } | undefined {
  const m = /^ALTER\s+TABLE\s+(.+?)\s+ADD\s+COLUMNS?\s*\(/is.exec(sql);
  if (!m) return undefined;
  const open = m[0].length - 1;
  const close = matchParen(sql, open);
  if (sql.slice(close).trim() !== '')
    throw new Error(`[PARSE_SYNTAX_ERROR] trailing text after ADD COLUMNS: ${sql.slice(close)}`);
  const columns = splitTopLevel(sql.slice(open + 1, close - 1)).map((item) => {
    if (/\b(FIRST|AFTER)\b/i.test(item.replace(/'(?:[^'\\]|\\.)*'/g, "''")))
      throw new Error(`[EMULATOR] ADD COLUMNS with FIRST / AFTER is not emulated: ${item}`);
    const column = parseColumn(item);
    if (column.defaultSql)
      throw new Error(
        `[DELTA_UNSUPPORTED_DEFAULT_VALUE_IN_ADD_COLUMN] cannot define a DEFAULT value when adding column ${column.name} to an existing Delta table`,
      );
    if (column.notNull || column.generated)
      throw new Error(`[PARSE_SYNTAX_ERROR] ADD COLUMNS takes a name, a type and a COMMENT: ${item}`);
    return column;
  });
  return { parts: nameParts(m[1]), columns };
}
