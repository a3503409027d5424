import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile, resolveConfig } from '../src/config/load.js';
import { nearestSetting } from '../src/config/describe-issue.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';

/** The message a config produces, from the real loader (file → layered input → schema). */
function messageOf(yaml: string): string {
  const file = join(tempDir(), 'c.yaml');
  writeFileSync(file, yaml);
  try {
    resolveConfig(readConfigFile(file));
  } catch (err) {
    const e = err as Error & { hint?: string };
    return `${e.message}\nfix: ${e.hint}`;
  }
  throw new Error('the config was accepted');
}

describe('config errors say where and what', () => {
  it('a YAML syntax error names the line and column, and shows the line', () => {
    const msg = messageOf('seed: 1\nhousehold:\n  sizeMean: 2\n   sizeSd: 1\n');
    expect(msg).toMatch(/is not valid YAML\/JSON at line 3, column 13: Nested mappings are not allowed/);
    expect(msg).toContain('fix: fix line 3: "  sizeMean: 2"');
    const unclosed = messageOf('households: [1,\nseed: 2\n');
    expect(unclosed).toMatch(/at line \d+, column \d+: Flow sequence/);
  });

  it('an unknown key suggests the nearest setting: a typo, a case slip, or the right name in the wrong group', () => {
    expect(messageOf('household:\n  sizeMaen: 2\n')).toMatch(
      /unknown setting 'household\.sizeMaen' \(did you mean household\.sizeMean\?\)/,
    );
    expect(messageOf('househod:\n  sizeMean: 2\n')).toMatch(/'househod' \(did you mean household\?\)/);
    expect(messageOf('sizeMean: 2\n')).toMatch(/'sizeMean' \(did you mean household\.sizeMean\?\)/);
    expect(messageOf('engagement:\n  perpersonperday: 2\n')).toMatch(/did you mean engagement\.perPersonPerDay\?/);
    // Nothing near: no guess.
    expect(messageOf('colour: blue\n')).toMatch(/unknown setting 'colour' — see the config reference/);
    expect(nearestSetting('colour')).toBeUndefined();
  });

  it('a value of the wrong type names the key, the value and the expected type in plain words', () => {
    expect(messageOf('households: many\n')).toMatch(/households is "many", which is text; expected a number/);
    expect(messageOf('seed: [1, 2]\n')).toMatch(/seed is \[1,2\], which is a list; expected a number/);
    expect(messageOf('identifiers:\n  coverage: 5\n')).toMatch(
      /identifiers\.coverage is 5, which is a number; expected a group of settings/,
    );
    expect(messageOf('window:\n  length: 90\n')).toMatch(/window\.length is 90, which is a number; expected text/);
  });

  it('a rule across two fields quotes the field it names, not the whole group', () => {
    expect(messageOf('household:\n  sizeMin: 5\n  sizeMax: 3\n')).toMatch(
      /household\.sizeMin: sizeMin must be ≤ sizeMax \(got 5\)\n/,
    );
    expect(messageOf('individual:\n  minAge: 60\n  maxAge: 30\n')).toMatch(
      /individual\.maxAge: must be ≥ minAge 60 .*\(got 30\)\n/,
    );
    expect(messageOf('campaigns:\n  minDays: 50\n  maxDays: 10\n')).not.toContain('{');
  });

  it('the CLI prints it once with a fix and exit 2, writing nothing', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'household:\n  sizeMaen: 2\n');
    const out = join(dir, 'o');
    const r = cli(['generate', '-c', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^idgraph: invalid config: unknown setting 'household\.sizeMaen' \(did you mean household\.sizeMean\?\).*\n {2}fix: .*\n$/,
    );
    expect(existsSync(out)).toBe(false);
    const set = cli(['preview', '--set', 'identifers.mean=3']);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain("'identifers' (did you mean identifiers?)");
  });
});
