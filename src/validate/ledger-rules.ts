import { ledgerStatus } from '../sql/duckdb-ledger.js';
import type { Duck } from '../sql/duckdb-connection.js';
import type { RuleResult } from './rule.js';

/**
 * `<table>.ledger_rows`: a loaded table holds exactly the rows the load ledger says were loaded
 * into it, and no `sql --write` has invalidated it since. Otherwise a reload would skip files
 * whose rows are gone, and every other rule would judge data the drops never held.
 */
export async function ledgerResults(db: Duck): Promise<RuleResult[]> {
  return (await ledgerStatus(db)).map((s) => {
    const examples: string[] = [];
    if (s.rows === undefined) examples.push('table is missing');
    else if (s.rows !== s.ledgerRows)
      examples.push(`table holds ${s.rows} rows, the ledger records ${s.ledgerRows} loaded`);
    if (s.invalidated)
      examples.push(
        `changed by \`idgraph sql --write\`: load the drop again (idgraph load <drop> --db …) to repair it`,
      );
    return {
      id: `${s.table}.ledger_rows`,
      table: s.table,
      description: 'rows in the table equal the rows the load ledger records',
      ok: examples.length === 0,
      figure: s.rows === undefined ? s.ledgerRows : Math.abs(s.rows - s.ledgerRows),
      examples,
    };
  });
}
