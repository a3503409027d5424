import { TABLES } from '../registry.js';
import type { Check } from '../types.js';

function checkText(check: Check): string {
  switch (check.kind) {
    case 'in':
      return `IN (${check.values.map((v) => `'${v}'`).join(', ')})`;
    case 'between':
      return `BETWEEN ${check.min} AND ${check.max}`;
    case 'compare':
      return `${check.op} ${check.value}`;
    case 'gteColumn':
      return `>= ${check.column}`;
  }
}

/** The README's table reference, derived from the registry (a test keeps the README in step). */
export function registryMarkdown(): string {
  const out: string[] = [];
  for (const t of TABLES) {
    out.push(
      `#### ${t.name}`,
      '',
      `${t.description} Primary key \`${t.primaryKey}\`; Z-order ${t.zorder.map((c) => `\`${c}\``).join(', ')}${t.partition ? `; partitioned by \`${t.partition.column}\` = UTC date of \`${t.partition.source}\`` : ''}.`,
      '',
    );
    out.push('| column | type | null | rule |', '|---|---|---|---|');
    for (const c of t.columns) {
      const fk = t.foreignKeys.find((f) => f.column === c.name);
      const rules = [
        c.check ? `CHECK ${checkText(c.check)}` : '',
        c.values ? `one of ${c.values.map((v) => `'${v}'`).join(', ')}` : '',
        fk ? `→ ${fk.table}.${fk.references}` : '',
        t.unique.some((u) => u.length === 1 && u[0] === c.name) ? 'UNIQUE' : '',
      ]
        .filter(Boolean)
        .join('; ');
      out.push(`| \`${c.name}\` | ${c.type} | ${c.nullable ? 'yes' : 'no'} | ${rules.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
