import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { type Drop, readDrop } from '../drop/read-drop.js';
import { UserError } from '../errors.js';
import { TABLES } from '../schema/registry.js';
import { type Duck, openDuck } from '../sql/duckdb-connection.js';
import { loadedConfig } from '../sql/duckdb-loader.js';
import { attachDrop, validateDrop, validateTables, type ValidationReport } from '../validate/validate.js';
import { fileBytes, rowsPerTable } from './queries.js';
import { activitySection, audienceSection, campaignSection, identifiersSection } from './sections-behaviour.js';
import { distributionSection, volumeSection } from './sections-data.js';
import type { ReportData, Section } from './types.js';
import { validationRows } from './validation-rows.js';

export interface ReportInput {
  /** A drop folder: read into a temporary in-memory DuckDB (views over its files). */
  drop?: string;
  /** A DuckDB file that `idgraph load` filled. Takes precedence over `drop` for the figures. */
  db?: string;
  /** Validation already run by the caller (e.g. `run`), to avoid running every rule twice. */
  validation?: ValidationReport;
}

function settings(config: RunConfig, fingerprint: string): [string, string][] {
  return [
    ['households', config.households.toLocaleString('en-US')],
    ['seed', String(config.seed)],
    ['window', `${config.window.length} ending ${config.window.end}`],
    ['as of', config.asOf],
    ['tables', config.output.tables],
    ['attribution model', config.responses.attributionModel],
    ['config fingerprint', fingerprint],
  ];
}

async function sections(db: Duck, config: RunConfig, bytes: Record<string, number> | undefined): Promise<Section[]> {
  const rows = Object.fromEntries((await rowsPerTable(db)).map((r) => [r.label, r.value]));
  const out = [await volumeSection(db, bytes), await distributionSection(db, config)];
  if (rows.identity_mappings > 0) out.push(await identifiersSection(db));
  // Behaviour tables are absent from `output.tables: core` drops: no empty charts for them.
  if (rows.content_engagements > 0) out.push(await activitySection(db));
  if (rows.audience_attributes > 0) out.push(await audienceSection(db));
  if (rows.campaign_exposures > 0) out.push(await campaignSection(db));
  return out;
}

async function dropBytes(db: Duck, drop: Drop): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t.name] = await fileBytes(
      db,
      drop.files.filter((f) => f.table === t.name).map((f) => `${drop.root}/${f.path}`),
    );
  return out;
}

/** Every figure of the report, from SQL over the loaded database or the drop's files. */
export async function collectReport(input: ReportInput): Promise<ReportData> {
  if (input.db) {
    const path = resolve(input.db);
    if (!existsSync(path))
      throw new UserError(`no database at ${path}`, 'run `idgraph run` (or `idgraph load <drop>`) first, or pass --db');
    const db = await openDuck(path);
    try {
      const config = await loadedConfig(db);
      const validation = input.validation ?? (await validateTables(db, config));
      const fps = await db.all('SELECT fingerprint FROM _idgraph_runs ORDER BY fingerprint');
      const fingerprint = fps.map((r) => String(r.fingerprint)).join(', ');
      return {
        source: path,
        fingerprint,
        settings: settings(config, fingerprint),
        sections: await sections(db, config, undefined),
        validation: validationRows(validation),
      };
    } finally {
      db.close();
    }
  }
  if (!input.drop)
    throw new UserError('nothing to report on', 'pass a drop folder (idgraph report ./out) or --db <file>');
  const drop = readDrop(resolve(input.drop));
  const db = await openDuck();
  try {
    // Views over the manifest's files, which the report's queries read (validateDrop creates them too).
    let validation = input.validation;
    if (validation) await attachDrop(db, drop);
    else validation = await validateDrop(db, drop);
    return {
      source: drop.root,
      fingerprint: drop.fingerprint,
      settings: settings(drop.config, drop.fingerprint),
      sections: await sections(db, drop.config, await dropBytes(db, drop)),
      validation: validationRows(validation),
    };
  } finally {
    db.close();
  }
}
