import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PAGE_SCRIPT } from './page-script.js';
import type { ReportData, Section, TableSpec } from './types.js';

/** Text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * JSON safe inside a <script> element: `<`, `>` and `&` become \u escapes (still the same JSON
 * string values), so `</script>` or `<!--` in the data cannot end or alter the element; U+2028/9
 * are escaped for older JavaScript parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Chart.js's self-contained UMD build, read from node_modules at run time and inlined. */
function chartJsSource(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  const source = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
  // A literal "</script" inside the library would end the element early; "<\/script" means the same in JS.
  return source.replace(/<\/script/gi, '<\\/script');
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d232b; background: #f6f7f9; }
header { background: #1d3557; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 6px; font-size: 22px; }
header dl { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; font-size: 13px; opacity: .9; }
header a { color: #fff; }
header dt { font-weight: 600; } header dd { margin: 0 0 0 4px; }
main { padding: 8px 28px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 14px 18px; margin: 16px 0; }
h2 { font-size: 17px; margin: 0 0 6px; }
.note { color: #5a6570; font-size: 13px; margin: 0 0 10px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; }
figure { margin: 0; } figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
.chart-box { position: relative; height: 260px; }
table { border-collapse: collapse; margin-top: 12px; font-size: 12.5px; }
th, td { border-bottom: 1px solid #e5e8eb; padding: 3px 10px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 700; text-transform: uppercase; font-size: 11px; padding: 1px 6px; border-radius: 3px; background: #e9ecef; }
.status-ok { background: #d8f0dc; color: #1e6b2b; } .status-fail, .status-error { background: #f8d7da; color: #8a1c24; }
.status-skipped { background: #fff3cd; color: #6b5200; }
`;

/** Figures like 1,234 · 12.5% · 0.507 · 7..85 · 4.2 MB, right-aligned when a whole column holds them. */
const isNumeric = (s: string) => /^-?[\d,.]+(%| ?(B|KB|MB|GB|TB))?$|^\d+\.\.\d+$/.test(s);

function table(t: TableSpec): string {
  const numeric = t.headers.map((_, i) => t.rows.every((r) => r[i] === '' || isNumeric(r[i])));
  const head = t.headers.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(s: Section): string {
  const charts = s.charts
    .map(
      (c) =>
        `<figure><figcaption>${escapeHtml(c.title)}</figcaption><div class="chart-box"><canvas data-chart="${escapeHtml(c.id)}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div></figure>`,
    )
    .join('\n');
  return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}
<div class="charts">${charts}</div>
${s.tables.map(table).join('\n')}</section>`;
}

function validation(v: ReportData['validation']): string {
  const rows = v.rules
    .map(
      (r) =>
        `<tr><td><span class="status status-${escapeHtml(r.status.replace(/[^a-z0-9-]/gi, ''))}">${escapeHtml(r.status)}</span></td><td>${escapeHtml(r.id)}</td><td class="num">${escapeHtml(r.figure)}</td><td>${escapeHtml(r.detail)}</td><td>${escapeHtml(r.description)}</td></tr>`,
    )
    .join('\n');
  return `<section id="validation"><h2>Validation rules</h2><p class="note">${escapeHtml(v.summary)}</p>
<table><thead><tr><th>status</th><th>rule</th><th>figure</th><th>detail</th><th>description</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** One self-contained page: styles, Chart.js, the data and the drawing script all inline; nothing is fetched. */
export function renderHtml(data: ReportData): string {
  const charts = data.sections.flatMap((s) => s.charts);
  const settings = data.settings.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>idgraph report — ${escapeHtml(data.source)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>idgraph report</h1><p>${escapeHtml(data.source)} · <a href="#validation">validation: ${escapeHtml(data.validation.summary)}</a></p><dl>${settings}</dl></header>
<main>
${data.sections.map(section).join('\n')}
${validation(data.validation)}
</main>
<script type="application/json" id="idgraph-data">${jsonForScript({ charts })}</script>
<script>${chartJsSource()}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
