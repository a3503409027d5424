/**
 * Reading `~/.databrickscfg`, the INI file the Databricks CLI and SDKs share:
 *
 *   [DEFAULT]
 *   host  = https://adb-123.4.azuredatabricks.net
 *   token = dapi…
 *
 *   [staging]
 *   host          = https://dbc-abc.cloud.databricks.com
 *   client_id     = …
 *   client_secret = …
 *
 * Only what idgraph needs: sections, `key = value` lines, `;`/`#` comment lines. Keys from
 * [DEFAULT] are NOT inherited by other profiles (the Go SDK and CLI do not inherit either), so a
 * named profile must be complete on its own.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { UserError } from '../errors.js';

export type IniSections = Map<string, Record<string, string>>;

/** Parses INI text into sections; keys are lower-cased, values trimmed. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    const eq = line.search(/[=:]/);
    // A key outside any section or a line without '=' is ignored, as configparser-like readers do
    // with lenient settings; the file is shared with other tools and may hold things we don't use.
    if (eq <= 0 || !current) continue;
    current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

/** Where the config file lives: DATABRICKS_CONFIG_FILE (with `~` expanded) or ~/.databrickscfg. */
export function configFilePath(env: NodeJS.ProcessEnv, homeDir: string = homedir()): string {
  const fromEnv = env.DATABRICKS_CONFIG_FILE?.trim();
  if (fromEnv) return fromEnv === '~' || fromEnv.startsWith('~/') ? join(homeDir, fromEnv.slice(1)) : fromEnv;
  return join(homeDir, '.databrickscfg');
}

export interface LoadedProfile {
  name: string;
  path: string;
  values: Record<string, string>;
}

/**
 * Reads profile `name` from the file at `path`. When the profile was asked for explicitly
 * (`required`), a missing file or section is a UserError; the implicit DEFAULT profile may be
 * absent (then the result is undefined).
 */
export function loadProfile(path: string, name: string, required: boolean): LoadedProfile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UserError(
        `Databricks profile [${name}] was requested but the config file ${path} does not exist`,
        'create it with `databricks configure --profile ' +
          name +
          '`, point DATABRICKS_CONFIG_FILE at your file, or unset DATABRICKS_CONFIG_PROFILE',
      );
    }
    throw new UserError(
      `cannot read the Databricks config file ${path} (${code ?? 'unknown error'})`,
      'check the file permissions or set DATABRICKS_CONFIG_FILE to another file',
    );
  }
  const sections = parseIni(text);
  const values = sections.get(name);
  if (!values) {
    if (!required) return undefined;
    const known = [...sections.keys()];
    throw new UserError(
      `Databricks profile [${name}] not found in ${path}`,
      known.length > 0
        ? `profiles in that file: ${known.join(', ')}`
        : `the file has no profiles; add a [${name}] section with host and token`,
    );
  }
  return { name, path, values };
}
