import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { collectReport, type ReportInput } from './collect.js';
import { renderHtml } from './render-html.js';
import type { ReportData } from './types.js';

export interface WrittenReport {
  path: string;
  bytes: number;
  validation: ReportData['validation'];
  /** Rules that neither held nor were skipped. */
  problems: number;
}

/** Builds the report and writes it whole: a temporary file renamed into place, never a half page. */
export async function writeHtmlReport(input: ReportInput, out: string): Promise<WrittenReport> {
  const path = resolve(out);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(
      `cannot write ${path}: folder ${dir} does not exist`,
      'create the folder or pass another --out',
    );
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UserError(`${path} is a folder`, 'pass a file name, e.g. --out report.html');
  const data = await collectReport(input);
  const html = renderHtml(data);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UserError(
      `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      'check the --out path and its permissions',
      { cause: err },
    );
  }
  const { counts } = data.validation;
  const problems = data.validation.rules.length - (counts.ok ?? 0) - (counts.skipped ?? 0);
  return { path, bytes: Buffer.byteLength(html), validation: data.validation, problems };
}
