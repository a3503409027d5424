import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { jsonForScript, renderHtml } from '../src/report/render-html.js';
import type { ReportData } from '../src/report/types.js';
import { validationRows } from '../src/report/validation-rows.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { cli } from './helpers/cli.js';
import { openInChromium } from './helpers/chromium.js';
import { tempDir } from './helpers/drops.js';
import { sharedDrop } from './helpers/shared-drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

/** Screenshots are kept here (gitignored) for a person to look at after the run. */
const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts');

interface Spec {
  id: string;
  kind: string;
  labels: string[];
  datasets: { label: string; data: number[] }[];
}

/** The chart data embedded in a report page, parsed back the way the page itself does. */
function embedded(html: string): { charts: Spec[] } {
  const m = /<script type="application\/json" id="idgraph-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no embedded data');
  return JSON.parse(m[1]);
}

/**
 * Per canvas: pixels in a saturated colour (the palette's bars, lines and slices), as opposed
 * to the grey axes, grid and text that an empty chart still draws.
 */
async function chartMarks(page: import('playwright-core').Page) {
  return page.$$eval('canvas[data-chart]', (canvases) =>
    (canvases as HTMLCanvasElement[]).map((c) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let marks = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 128) continue;
        const hi = Math.max(data[i], data[i + 1], data[i + 2]);
        const lo = Math.min(data[i], data[i + 1], data[i + 2]);
        if (hi - lo > 40) marks++;
      }
      return { id: c.dataset.chart!, marks, width: c.width };
    }),
  );
}

describe('idgraph report (HTML)', () => {
  const dirs: string[] = [];
  let drop: string;
  let work: string;
  beforeAll(async () => {
    // Read only (reports and databases go to `work`): the run's shared drop.
    drop = await sharedDrop('small');
    work = tempDir('idgraph-report-');
    dirs.push(work);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes one self-contained page that Chromium renders with every chart drawn, no errors, no requests', async () => {
    const out = join(work, 'report.html');
    const r = cli(['report', drop, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    // Nothing to fetch: no element that loads a URL; the chart library is inline (the browser check below confirms).
    expect(/<(script|link|img|iframe)\b[^>]*\b(src|href)=[^>]*>/i.exec(html)?.[0]).toBeUndefined();
    expect(html).toContain('Chart.js v');
    const { charts } = embedded(html);
    expect(charts.map((c) => c.id)).toEqual(
      expect.arrayContaining(['rows-per-table', 'bytes-per-table', 'household-size', 'income-brackets', 'gender']),
    );
    expect(charts.map((c) => c.id)).toEqual(
      expect.arrayContaining(['identifier-coverage', 'hourly', 'weekly', 'identifiers-per-person', 'segments']),
    );
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['classifications', 'funnel', 'attribution']));
    // Configured next to generated for the knobs of the wizard's later steps (each drawn non-empty below).
    expect(charts.map((c) => c.id)).toEqual(
      expect.arrayContaining(['age', 'education', 'engagement-types', 'content-categories', 'channels']),
    );

    const opened = await openInChromium(out);
    try {
      const { page } = opened;
      await page.waitForSelector('body[data-charts-drawn]');
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([]);
      expect(await page.getAttribute('body', 'data-charts-drawn')).toBe(String(charts.length));
      const marks = await chartMarks(page);
      expect(marks).toHaveLength(charts.length);
      for (const m of marks) expect({ id: m.id, drawn: m.marks > 300 }).toEqual({ id: m.id, drawn: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      // Every validation rule is listed with its status.
      const statuses = await page.$$eval('#validation tbody tr .status', (s) => s.map((x) => x.textContent));
      expect(statuses.length).toBeGreaterThan(100);
      // A fresh drop holds every rule (a rule may be reported as skipped, never as failed).
      expect(statuses.filter((s) => s !== 'ok' && s !== 'skipped')).toEqual([]);
      expect(statuses).toContain('ok');
    } finally {
      await opened.close();
    }
    expect(existsSync(join(ARTIFACTS, 'report.png'))).toBe(true);
  });

  it('shows figures that an independent DuckDB read of the Parquet files agrees with', async () => {
    const out = join(work, 'figures.html');
    expect(cli(['report', drop, '--out', out]).code).toBe(0);
    const { charts } = embedded(readFileSync(out, 'utf8'));
    const chart = (id: string) => charts.find((c) => c.id === id)!;
    const db = await duck();
    /** The share of `table`'s rows (of those matching `among`) where `where` holds, as DuckDB reads the files. */
    const generatedShare = (table: string, where: string, among?: string) =>
      db.value(
        `SELECT avg(CASE WHEN ${where} THEN 1.0 ELSE 0 END) FROM ${tableGlob(drop, table)}${among ? ` WHERE ${among}` : ''}`,
      );
    try {
      const rows = chart('rows-per-table');
      for (const [i, table] of rows.labels.entries())
        expect([table, rows.datasets[0].data[i]]).toEqual([
          table,
          await db.value(`SELECT count(*) FROM ${tableGlob(drop, table)}`),
        ]);
      const events = await db.value(`SELECT count(*) FROM ${tableGlob(drop, 'content_engagements')}`);
      const hourly = chart('hourly').datasets[0].data;
      expect(hourly).toHaveLength(24);
      expect(hourly.reduce((a, b) => a + b, 0)).toBe(events);
      const eveningUtc = await db.value(
        `SELECT count(*) FROM ${tableGlob(drop, 'content_engagements')} WHERE hour("timestamp") = 2`,
      );
      expect(hourly[2]).toBe(eveningUtc);
      const funnel = chart('funnel');
      expect(funnel.labels).toEqual(['exposures', 'responses', 'conversions']);
      expect(funnel.datasets[0].data).toEqual([
        await db.value(`SELECT count(*) FROM ${tableGlob(drop, 'campaign_exposures')}`),
        await db.value(`SELECT count(*) FROM ${tableGlob(drop, 'response_events')}`),
        await db.value(
          `SELECT count(*) FROM ${tableGlob(drop, 'outcome_metrics')} WHERE conversion_status = 'converted'`,
        ),
      ]);
      const gender = chart('gender');
      const male = await generatedShare('individuals', "gender = 'Male'");
      expect(gender.datasets[1].data[gender.labels.indexOf('Male')]).toBeCloseTo(male, 10);
      // Configured side: the config's weights (defaults 0.48 / 0.48 / 0.03 / 0.01), not the data.
      expect(gender.datasets[0].data).toEqual([0.48, 0.48, 0.03, 0.01]);
      // The newer comparisons: configured side from the config, generated side as DuckDB reads the files.
      const age = chart('age');
      expect(age.labels).toEqual(['18–24', '25–34', '35–44', '45–54', '55–64', '65–74', '75–84', '85+']);
      const young = await generatedShare('individuals', 'age BETWEEN 25 AND 34');
      expect(age.datasets[1].data[1]).toBeCloseTo(young, 10);
      // Configured: the census mix (ACS S0101: 25–34 is 17.5% of adults), as far as household sizes allow.
      expect(age.datasets[0].data[1]).toBeCloseTo(0.175, 2);
      const education = chart('education');
      expect(education.datasets[0].data).toEqual([0.37, 0.25, 0.23, 0.11, 0.04]);
      const masters = await generatedShare('individuals', "education_level = 'Master'", 'age >= 25');
      expect(education.datasets[1].data[education.labels.indexOf('Master')]).toBeCloseTo(masters, 10);
      const types = chart('engagement-types');
      expect(types.datasets[0].data).toEqual([0.68, 0.13, 0.04, 0.11, 0.04]);
      const likes = await generatedShare('content_engagements', "engagement_type = 'like'");
      expect(types.datasets[1].data[types.labels.indexOf('like')]).toBeCloseTo(likes, 10);
      const categories = chart('content-categories');
      expect(categories.datasets[0].data[categories.labels.indexOf('Entertainment')]).toBeCloseTo(0.22, 10);
      const kids = await generatedShare('content_engagements', "content_category = 'Kids'");
      expect(categories.datasets[1].data[categories.labels.indexOf('Kids')]).toBeCloseTo(kids, 10);
      const channels = chart('channels');
      expect(channels.datasets[0].data).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
      const ctv = await generatedShare('campaign_exposures', "channel = 'ctv'");
      expect(channels.datasets[1].data[channels.labels.indexOf('ctv')]).toBeCloseTo(ctv, 10);
      const weights = chart('attribution');
      expect(weights.datasets.map((d) => d.label)).toEqual(['linear']);
      expect(weights.datasets[0].data.reduce((a, b) => a + b, 0)).toBe(
        await db.value(`SELECT count(*) FROM ${tableGlob(drop, 'outcome_metrics')}`),
      );
    } finally {
      db.close();
    }
  });

  it('reports on a loaded database, and exits 1 with the failing rule shown when the data is wrong', async () => {
    const dbFile = join(work, 'graph.duckdb');
    expect(cli(['load', drop, '--db', dbFile]).code).toBe(0);
    const good = cli(['report', '--db', dbFile, '--out', join(work, 'db.html')]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(readFileSync(join(work, 'db.html'), 'utf8')).toContain(
      'Parquet bytes are shown when the report is built from the drop folder',
    );
    // Plainly wrong data: everyone is male.
    const db = await openDuck(dbFile);
    await db.run(`UPDATE individuals SET gender = 'Male'`);
    db.close();
    const bad = cli(['report', '--db', dbFile, '--out', join(work, 'bad.html')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/\d+ fail/);
    const html = readFileSync(join(work, 'bad.html'), 'utf8');
    expect(html).toMatch(/<span class="status status-fail">fail<\/span><\/td><td>individuals\.gender_Male<\/td>/);
  });

  it('is offered by run: --report writes it after validation, and without it run prints the command', () => {
    const out = join(work, 'run-out');
    const file = join(work, 'run-report.html');
    const small = [
      '--households',
      '200',
      '--set',
      'output.chunkHouseholds=64',
      '--set',
      'window.length=14d',
      '--workers',
      '2',
    ];
    const run = cli(['run', '--out', out, ...small, '--report', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`== report\nwrote ${file}`);
    expect(embedded(readFileSync(file, 'utf8')).charts.length).toBeGreaterThan(10);
    const again = cli(['run', '--out', out, '--no-generate', '--no-validate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`npx idgraph report --db ${join(out, 'idgraph.duckdb')} --out report.html`);
  });

  it('refuses bad input with exit 2 and a fix, writing nothing', () => {
    const none = cli(['report', '--out', join(work, 'none.html')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to report on\n {2}fix: /);
    const missingDb = cli(['report', '--db', join(work, 'nope.duckdb'), '--out', join(work, 'x.html')]);
    expect(missingDb.code).toBe(2);
    expect(missingDb.stderr).toContain('no database at');
    expect(existsSync(join(work, 'nope.duckdb'))).toBe(false);
    const noFolder = cli(['report', drop, '--out', join(work, 'missing', 'r.html')]);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toMatch(/does not exist\n {2}fix: create the folder/);
    expect(readdirSync(work).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('report page safety and statuses', () => {
  const hostile = '</script><script>window.__pwned = 1</script><!--';

  it('keeps </script> in data inside the JSON, and renders every status the validator gives', async () => {
    expect(JSON.parse(jsonForScript({ s: hostile, t: '\u2028' }))).toEqual({ s: hostile, t: '\u2028' });
    expect(jsonForScript({ s: hostile })).not.toMatch(/<|>/);
    const validation = validationRows({
      ok: false,
      passed: 1,
      failed: 1,
      skipped: 1,
      results: [
        { id: 'a.ok', table: 'a', description: 'holds', ok: true, figure: 0 },
        { id: 'b.fail', table: 'b', description: hostile, ok: false, figure: 3, examples: ['7', '9'] },
        {
          id: 'c.skip',
          table: 'c',
          description: 'not on this engine',
          ok: true,
          figure: Number.NaN,
          skipped: 'DuckDB only',
        },
        // A status field the validator may add later is shown as it is.
        { id: 'd.warn', table: 'd', description: 'new status', ok: true, figure: 1, status: 'warn' } as never,
      ],
    });
    expect(validation.rules.map((r) => [r.id, r.status])).toEqual([
      ['b.fail', 'fail'],
      ['d.warn', 'warn'],
      ['c.skip', 'skipped'],
      ['a.ok', 'ok'],
    ]);
    const data: ReportData = {
      source: hostile,
      fingerprint: 'f',
      settings: [['seed', hostile]],
      sections: [
        {
          id: 's',
          title: hostile,
          charts: [
            {
              id: 'c1',
              title: hostile,
              kind: 'bar',
              labels: [hostile, 'b'],
              datasets: [{ label: hostile, data: [3, 5] }],
            },
            { id: 'c2', title: 'ring', kind: 'doughnut', labels: ['x', 'y'], datasets: [{ label: 'n', data: [1, 2] }] },
          ],
          tables: [{ headers: ['k', 'v'], rows: [[hostile, '1']] }],
        },
      ],
      validation,
    };
    const dir = tempDir('idgraph-report-safety-');
    try {
      const file = join(dir, 'hostile.html');
      writeFileSync(file, renderHtml(data));
      const opened = await openInChromium(file);
      try {
        const { page } = opened;
        await page.waitForSelector('body[data-charts-drawn]');
        expect(opened.errors).toEqual([]);
        expect(opened.requests).toEqual([]);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('2');
        // The hostile text arrives intact, as text: in the chart data and in the tables.
        const parsed = await page.evaluate(() => JSON.parse(document.getElementById('idgraph-data')!.textContent!));
        expect(parsed.charts[0].labels[0]).toBe(hostile);
        expect(await page.textContent('section#s h2')).toBe(hostile);
        const statuses = await page.$$eval('#validation .status', (s) => s.map((x) => [x.textContent, x.className]));
        expect(statuses).toEqual([
          ['fail', 'status status-fail'],
          ['warn', 'status status-warn'],
          ['skipped', 'status status-skipped'],
          ['ok', 'status status-ok'],
        ]);
        for (const m of await chartMarks(page)) expect(m.marks).toBeGreaterThan(300);
      } finally {
        await opened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
