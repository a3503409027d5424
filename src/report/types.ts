/** The report as data: server-side tables plus chart specs the page draws with Chart.js. */

export interface ChartSpec {
  id: string;
  title: string;
  kind: 'bar' | 'line' | 'doughnut';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  /** Values are shares of 1, shown as percentages. */
  percent?: boolean;
  horizontal?: boolean;
  logScale?: boolean;
}

export interface TableSpec {
  headers: string[];
  rows: string[][];
}

export interface Section {
  id: string;
  title: string;
  note?: string;
  charts: ChartSpec[];
  tables: TableSpec[];
}

export interface RuleRow {
  /** ok, fail, error, skipped… whatever the validation result says; never assumed to be only ok/fail. */
  status: string;
  id: string;
  table: string;
  figure: string;
  detail: string;
  description: string;
}

export interface ReportData {
  source: string;
  fingerprint: string;
  settings: [string, string][];
  sections: Section[];
  validation: { summary: string; counts: Record<string, number>; rules: RuleRow[] };
}
