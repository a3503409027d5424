import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openDatabricksClient, SET_UTC, type DatabricksClient } from '../src/databricks/client.js';
import { DatabricksError } from '../src/databricks/client-errors.js';
import { redact, resolveDatabricksSettings, type DatabricksSettingsOptions } from '../src/databricks/settings.js';
import { UserError } from '../src/errors.js';
import { startFakeDatabricks, type FakeDatabricks } from './helpers/fake-databricks/index.js';

const TOKEN = 'dapi0123456789abcdef0123456789abcdef';
const FAST_RETRY = { maxAttempts: 4, delayMinMs: 10, delayMaxMs: 40, totalTimeoutMs: 20_000 };
const OTHER_CA = readFileSync(new URL('./fixtures/tls/other-cert.pem', import.meta.url), 'utf8');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'idgraph-dbx-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function settingsFor(fake: FakeDatabricks, overrides: DatabricksSettingsOptions = {}) {
  return resolveDatabricksSettings(
    { host: fake.host, port: fake.port, httpPath: fake.httpPath, token: TOKEN, ca: fake.ca, ...overrides },
    { env: {}, homeDir: tmp },
  );
}

async function failure(promise: Promise<unknown>): Promise<DatabricksError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatabricksError);
  expect(err).toBeInstanceOf(UserError);
  return err as DatabricksError;
}

function expectNoSecret(err: DatabricksError, secret = TOKEN): void {
  for (const text of [err.message, err.hint ?? '', String(err.stack), JSON.stringify(err)])
    expect(text).not.toContain(secret);
}

const methodsCalled = (fake: FakeDatabricks, method: string) =>
  fake.calls.filter((c) => c.method === method).map((c) => c.outcome);

describe('Databricks client against the fake warehouse (real @databricks/sql driver)', () => {
  let fake: FakeDatabricks;
  let client: DatabricksClient | undefined;

  beforeEach(async () => {
    fake = await startFakeDatabricks({ token: TOKEN, copyInto: () => ({ affected: 7, inserted: 7 }) });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await fake.close();
  });

  it('opens a session and sets it to UTC first', async () => {
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    expect(fake.sessions).toHaveLength(1);
    expect(fake.statements.map((s) => s.sql)).toEqual([SET_UTC]);
    expect(SET_UTC).toBe("SET TIME ZONE 'UTC'");
    // The fake advertises protocol V2, so the driver asks for column-based results only.
    expect(fake.statements[0]).toMatchObject({
      canReadArrowResult: false,
      canDownloadResult: false,
      canDecompressLZ4Result: false,
    });
    await client.close();
    expect(fake.sessions[0].closed).toBe(true);
    await client.close(); // twice is fine
  });

  it('executes statements and returns typed rows', async () => {
    fake.respond(/FROM households/i, {
      columns: [
        { name: 'n', type: 'BIGINT' },
        'label',
        { name: 'shares', type: 'MAP' },
        { name: 'ratio', type: 'DOUBLE' },
      ],
      rows: [
        [42, 'a', { sports: 0.5 }, 0.25],
        [null, null, null, null],
      ],
    });
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    expect(await client.execute('SELECT count(*) AS n FROM households')).toEqual([
      { n: 42, label: 'a', shares: { sports: 0.5 }, ratio: 0.25 },
      { n: null, label: null, shares: null, ratio: null },
    ]);
    expect(
      await client.execute(
        "COPY INTO main.idgraph.households FROM '/Volumes/main/idgraph/landing/households' FILEFORMAT = PARQUET",
      ),
    ).toEqual([{ num_affected_rows: 7, num_inserted_rows: 7, num_skipped_corrupt_files: 0 }]);
    expect(await client.execute('CREATE TABLE IF NOT EXISTS main.idgraph.t (id BIGINT)')).toEqual([]);
    expect(fake.statements.map((s) => s.sql)).toEqual([
      SET_UTC,
      'SELECT count(*) AS n FROM households',
      "COPY INTO main.idgraph.households FROM '/Volumes/main/idgraph/landing/households' FILEFORMAT = PARQUET",
      'CREATE TABLE IF NOT EXISTS main.idgraph.t (id BIGINT)',
    ]);
  });

  it('reports a statement error with the server text, SQLSTATE and the statement', async () => {
    fake.respond(/missing_table/, {
      error: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `missing_table` cannot be found.',
      sqlState: '42P01',
    });
    fake.respond(/^ALTER/, {
      error: '[PARSE_SYNTAX_ERROR] Syntax error at or near ALTER',
      sqlState: '42601',
      sync: true,
    });
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });

    const async = await failure(client.execute('SELECT * FROM missing_table'));
    expect(async.kind).toBe('statement');
    expect(async.message).toBe(
      '[databricks] statement failed: [TABLE_OR_VIEW_NOT_FOUND] The table or view `missing_table` cannot be found. (SQLSTATE 42P01)',
    );
    expect(async.details.sqlState).toBe('42P01');
    // The fix says what to do, then which statement it was.
    expect(async.hint).toMatch(
      /^correct what the warehouse reports .*then rerun the command; .*COPY INTO skips files already loaded/,
    );
    expect(async.hint).toMatch(/; the statement was: SELECT \* FROM missing_table$/);

    // Inline storage credentials in a failed COPY INTO stay out of the hint.
    fake.respond(/^COPY INTO bad/, { error: '[COPY_INTO_FAILED] nope', sqlState: '42000' });
    const copy = await failure(
      client.execute(
        "COPY INTO bad FROM 's3://b/p' WITH (CREDENTIAL (AWS_ACCESS_KEY = 'AKIAFAKE', AWS_SECRET_KEY = 'sEcReT/KeY', AWS_SESSION_TOKEN = 'tok')) FILEFORMAT = PARQUET",
      ),
    );
    expect(copy.hint).toContain("AWS_SECRET_KEY = '[REDACTED]'");
    for (const secret of ['AKIAFAKE', 'sEcReT/KeY', "'tok'"]) expect(copy.hint).not.toContain(secret);

    const sync = await failure(client.execute('ALTER TABLE x ADD CONSTRAINT'));
    expect(sync.kind).toBe('statement');
    expect(sync.message).toContain('[PARSE_SYNTAX_ERROR]');
    // The session is still usable after statement errors.
    expect(await client.execute('CREATE SCHEMA IF NOT EXISTS main.idgraph')).toEqual([]);
  });

  it('uploads a local file to a volume with PUT; the driver sends the bytes to the presigned URL', async () => {
    const local = join(tmp, "part-000000 it's.parquet");
    const bytes = randomBytes(300_000);
    writeFileSync(local, bytes);
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    const volumePath = '/Volumes/main/idgraph/landing/households/part-000000.parquet';
    await client.put(local, volumePath);

    expect(fake.staged.get(volumePath)?.equals(bytes)).toBe(true);
    expect(fake.statements.at(-1)?.sql).toBe(`PUT '${local.replace(/'/g, "\\'")}' INTO '${volumePath}' OVERWRITE`);
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0].sawAuthorization).toBe(false); // the token never goes to storage
    expect(methodsCalled(fake, 'storage PUT')).toEqual([200]);

    // OVERWRITE replaces the file.
    const second = randomBytes(1000);
    writeFileSync(local, second);
    await client.put(local, volumePath);
    expect(fake.staged.get(volumePath)?.equals(second)).toBe(true);
  });

  it('downloads a volume file with GET, byte for byte', async () => {
    const bytes = randomBytes(50_000);
    const local = join(tmp, 'up.bin');
    writeFileSync(local, bytes);
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    await client.put(local, '/Volumes/main/idgraph/landing/_manifest.json');
    const back = join(tmp, 'down.json');
    await client.get('/Volumes/main/idgraph/landing/_manifest.json', back);
    expect(readFileSync(back).equals(bytes)).toBe(true);
    expect(fake.statements.at(-1)?.sql).toBe(`GET '/Volumes/main/idgraph/landing/_manifest.json' TO '${back}'`);
  });

  it('refuses a PUT outside a volume or of a missing file before sending anything', async () => {
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    const before = fake.statements.length;
    const local = join(tmp, 'x.parquet');
    writeFileSync(local, 'x');
    expect((await failure(client.put(local, '/tmp/x.parquet'))).kind).toBe('staging');
    expect((await failure(client.put(join(tmp, 'nope.parquet'), '/Volumes/c/s/v/x.parquet'))).message).toContain(
      'not a readable file',
    );
    expect(fake.statements).toHaveLength(before);
  });

  it('gives one authentication error, without the token, for a wrong token', async () => {
    const wrong = 'dapiWRONGWRONGWRONGWRONGWRONG0000';
    const logs: string[] = [];
    const err = await failure(
      openDatabricksClient(settingsFor(fake, { token: wrong }), { retry: FAST_RETRY, onLog: (_l, m) => logs.push(m) }),
    );
    expect(err.kind).toBe('auth');
    expect(err.message).toBe(
      `[databricks] authentication failed for https://127.0.0.1:${fake.port}${fake.httpPath} (HTTP 401)`,
    );
    expect(err.hint).toContain('DATABRICKS_TOKEN');
    expectNoSecret(err, wrong);
    expect(logs.join('\n')).not.toContain(wrong);
    // 401 is final: no retries.
    expect(methodsCalled(fake, 'OpenSession')).toEqual([401]);
  });

  it('retries 503s on OpenSession and ExecuteStatement, then succeeds', async () => {
    fake.failNext(2, { status: 503 }, { method: 'OpenSession' });
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    expect(methodsCalled(fake, 'OpenSession')).toEqual([503, 503, 200]);

    fake.failNext(2, { status: 503, retryAfterSeconds: 0 }, { method: 'ExecuteStatement' });
    fake.respond(/^SELECT 1/, { columns: ['one'], rows: [[1]] });
    expect(await client.execute('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(methodsCalled(fake, 'ExecuteStatement').slice(-3)).toEqual([503, 503, 200]);
    expect(fake.statements.filter((s) => s.sql === 'SELECT 1 AS one')).toHaveLength(1);
  });

  it('reports a warehouse that stays unavailable', async () => {
    fake.failNext(100, { status: 503 }, { method: 'OpenSession' });
    const err = await failure(openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY }));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toMatch(
      /^\[databricks\] the SQL warehouse at https:\/\/127\.0\.0\.1:\d+\/sql\/1\.0\/warehouses\/fake0123456789 is unavailable \(HTTP 503\) after 4 attempts/,
    );
    expect(err.hint).toContain('start the warehouse');
    expect(methodsCalled(fake, 'OpenSession')).toEqual([503, 503, 503, 503]);
  });

  it('reports unavailability when the driver exhausts its own retries (status polling)', async () => {
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    fake.respond(/^SELECT 2/, { columns: ['two'], rows: [[2]] });
    fake.failNext(100, { status: 503 }, { method: 'GetOperationStatus' });
    const err = await failure(client.execute('SELECT 2 AS two'));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toContain('(HTTP 503)');
    // The driver's own retry policy got our settings: maxAttempts requests, then it gave up.
    expect(methodsCalled(fake, 'GetOperationStatus').filter((o) => o === 503)).toHaveLength(FAST_RETRY.maxAttempts);
  });

  it('reports a dropped connection clearly and does not resend the statement', async () => {
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
    fake.failNext(1, 'drop-connection', { method: 'ExecuteStatement' });
    const err = await failure(client.execute("COPY INTO t FROM '/Volumes/c/s/v/t' FILEFORMAT = PARQUET"));
    expect(err.kind).toBe('connection');
    expect(err.message).toMatch(
      /^\[databricks\] the connection to https:\/\/127\.0\.0\.1:\d+\/sql\/1\.0\/warehouses\/fake0123456789 was dropped \(ECONNRESET\)$/,
    );
    expectNoSecret(err);
    expect(methodsCalled(fake, 'ExecuteStatement').slice(-1)).toEqual(['dropped']);

    // A statement the responder drops behaves the same; the client keeps working afterwards.
    fake.respond(/^SELECT 3/, 'drop-connection');
    expect((await failure(client.execute('SELECT 3'))).kind).toBe('connection');
    expect(await client.execute('CREATE SCHEMA IF NOT EXISTS s')).toEqual([]);
  });

  it('verifies the server certificate (the driver alone would not)', async () => {
    const wrongCa = await failure(openDatabricksClient(settingsFor(fake, { ca: OTHER_CA }), { retry: FAST_RETRY }));
    expect(wrongCa.kind).toBe('tls');
    expect(wrongCa.message).toContain('could not be verified');
    const systemRootsOnly = await failure(
      openDatabricksClient(settingsFor(fake, { ca: undefined }), { retry: FAST_RETRY }),
    );
    expect(systemRootsOnly.kind).toBe('tls');
    expect(fake.sessions).toHaveLength(0);
  });

  it('keeps the token out of driver log lines', async () => {
    const logs: string[] = [];
    client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY, onLog: (_l, m) => logs.push(m) });
    await client.execute('CREATE SCHEMA IF NOT EXISTS s');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('fake warehouse with direct results and slow operations', () => {
  it('works when results come inline and when operations run for a while', async () => {
    for (const options of [{ directResults: true }, { runningPolls: 2 }]) {
      const fake = await startFakeDatabricks({ token: TOKEN, ...options });
      const client = await openDatabricksClient(settingsFor(fake), { retry: FAST_RETRY });
      try {
        fake.respond(/^SELECT/, { columns: ['x'], rows: [[1], [2], [3]] });
        fake.respond(/^DROP/, { error: '[NOPE] denied', sqlState: '42501' });
        expect(await client.execute('SELECT x FROM t')).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
        expect((await failure(client.execute('DROP TABLE t'))).message).toContain('[NOPE] denied (SQLSTATE 42501)');
        const local = join(tmp, 'direct.bin');
        writeFileSync(local, 'hello');
        await client.put(local, '/Volumes/c/s/v/direct.bin');
        expect(fake.staged.get('/Volumes/c/s/v/direct.bin')?.toString()).toBe('hello');
      } finally {
        await client.close();
        await fake.close();
      }
    }
  });
});

describe('resolveDatabricksSettings', () => {
  const cfg = (text: string): string => {
    const path = join(tmp, `databrickscfg-${randomBytes(4).toString('hex')}`);
    writeFileSync(path, text);
    return path;
  };

  it('reads DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_HTTP_PATH', () => {
    const s = resolveDatabricksSettings(
      {},
      {
        env: {
          DATABRICKS_HOST: 'https://adb-123.4.azuredatabricks.net/',
          DATABRICKS_TOKEN: TOKEN,
          DATABRICKS_HTTP_PATH: 'sql/1.0/warehouses/abc',
        },
        homeDir: tmp,
      },
    );
    expect(s).toMatchObject({
      host: 'adb-123.4.azuredatabricks.net',
      port: 443,
      httpPath: '/sql/1.0/warehouses/abc',
      auth: { kind: 'pat', token: TOKEN },
    });
    expect(s.sources).toEqual({ host: 'env', httpPath: 'env', auth: 'env' });
  });

  it('accepts a host without scheme and --warehouse <id>', () => {
    const s = resolveDatabricksSettings(
      { warehouse: 'w1' },
      { env: { DATABRICKS_HOST: 'dbc-a1.cloud.databricks.com', DATABRICKS_TOKEN: TOKEN }, homeDir: tmp },
    );
    expect(s).toMatchObject({
      host: 'dbc-a1.cloud.databricks.com',
      httpPath: '/sql/1.0/warehouses/w1',
      sources: { httpPath: 'option' },
    });
  });

  it('reads a profile from DATABRICKS_CONFIG_FILE, chosen by DATABRICKS_CONFIG_PROFILE or by name', () => {
    const path = cfg(
      [
        '; comment',
        '[DEFAULT]',
        'host = https://default.cloud.databricks.com',
        'token = dapi-default-000000',
        'http_path = /sql/1.0/warehouses/def',
        '',
        '[sp]',
        'host = https://sp.cloud.databricks.com',
        'client_id = 1111-2222',
        'client_secret = dose-secret-value-123',
        'warehouse_id = wsp',
      ].join('\n'),
    );
    const byDefault = resolveDatabricksSettings({}, { env: { DATABRICKS_CONFIG_FILE: path }, homeDir: tmp });
    expect(byDefault).toMatchObject({
      host: 'default.cloud.databricks.com',
      httpPath: '/sql/1.0/warehouses/def',
      auth: { kind: 'pat', token: 'dapi-default-000000' },
    });
    expect(byDefault.sources.auth).toBe('profile [DEFAULT]');

    const byEnv = resolveDatabricksSettings(
      {},
      { env: { DATABRICKS_CONFIG_FILE: path, DATABRICKS_CONFIG_PROFILE: 'sp' }, homeDir: tmp },
    );
    expect(byEnv).toMatchObject({
      host: 'sp.cloud.databricks.com',
      httpPath: '/sql/1.0/warehouses/wsp',
      auth: { kind: 'oauth-m2m', clientId: '1111-2222', clientSecret: 'dose-secret-value-123' },
    });
    expect(
      resolveDatabricksSettings({ profile: 'sp' }, { env: { DATABRICKS_CONFIG_FILE: path }, homeDir: tmp }).auth.kind,
    ).toBe('oauth-m2m');

    // ~/.databrickscfg is the default location.
    writeFileSync(join(tmp, '.databrickscfg'), readFileSync(path));
    expect(resolveDatabricksSettings({}, { env: {}, homeDir: tmp }).host).toBe('default.cloud.databricks.com');
    rmSync(join(tmp, '.databrickscfg'));
  });

  it('prefers options over environment over profile', () => {
    const path = cfg(
      '[DEFAULT]\nhost = https://profile.cloud.databricks.com\ntoken = dapi-profile-0000\nhttp_path = /p\n',
    );
    const env = {
      DATABRICKS_CONFIG_FILE: path,
      DATABRICKS_HOST: 'https://env.cloud.databricks.com',
      DATABRICKS_CLIENT_ID: 'id',
      DATABRICKS_CLIENT_SECRET: 'env-secret-0000',
    };
    const s = resolveDatabricksSettings({ httpPath: '/opt' }, { env, homeDir: tmp });
    expect(s).toMatchObject({
      host: 'env.cloud.databricks.com',
      httpPath: '/opt',
      auth: { kind: 'oauth-m2m', clientSecret: 'env-secret-0000' },
    });
    const withToken = resolveDatabricksSettings(
      { token: 'dapi-option-0000', host: 'https://opt.cloud.databricks.com' },
      { env, homeDir: tmp },
    );
    expect(withToken).toMatchObject({
      host: 'opt.cloud.databricks.com',
      httpPath: '/p',
      auth: { kind: 'pat', token: 'dapi-option-0000' },
    });
  });

  it('names every missing piece and how to set it', () => {
    let err: unknown;
    try {
      resolveDatabricksSettings({}, { env: {}, homeDir: tmp });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      `missing Databricks connection settings: workspace host, SQL warehouse HTTP path, credentials (looked at options, DATABRICKS_* environment variables and no profile [DEFAULT] in ${join(tmp, '.databrickscfg')})`,
    );
    expect(e.hint).toContain('DATABRICKS_HOST=');
    expect(e.hint).toContain('--warehouse <id>');
    expect(e.hint).toContain('DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET');

    expect(() =>
      resolveDatabricksSettings(
        {},
        { env: { DATABRICKS_HOST: 'h.cloud.databricks.com', DATABRICKS_TOKEN: TOKEN }, homeDir: tmp },
      ),
    ).toThrow(/missing Databricks connection settings: SQL warehouse HTTP path \(/);
  });

  it('rejects half credentials, mixed credentials, insecure or malformed hosts and unknown profiles', () => {
    const base = { DATABRICKS_HOST: 'h.cloud.databricks.com', DATABRICKS_HTTP_PATH: '/p' };
    expect(() => resolveDatabricksSettings({}, { env: { ...base, DATABRICKS_CLIENT_ID: 'id' }, homeDir: tmp })).toThrow(
      /OAuth client secret missing/,
    );
    expect(() =>
      resolveDatabricksSettings(
        {},
        { env: { ...base, DATABRICKS_TOKEN: TOKEN, DATABRICKS_CLIENT_SECRET: 's' }, homeDir: tmp },
      ),
    ).toThrow(/both a token and OAuth client credentials are set in the environment/);
    expect(() =>
      resolveDatabricksSettings(
        { host: 'http://h.cloud.databricks.com' },
        { env: { ...base, DATABRICKS_TOKEN: TOKEN }, homeDir: tmp },
      ),
    ).toThrow(/is not https/);
    expect(() =>
      resolveDatabricksSettings(
        { host: 'https://h.cloud.databricks.com/sql/1.0/warehouses/x' },
        { env: { ...base, DATABRICKS_TOKEN: TOKEN }, homeDir: tmp },
      ),
    ).toThrow(/has a path/);
    expect(() =>
      resolveDatabricksSettings(
        { profile: 'nope' },
        { env: { DATABRICKS_CONFIG_FILE: cfg('[DEFAULT]\nhost = x\n') }, homeDir: tmp },
      ),
    ).toThrow(/profile \[nope\] not found/);
    expect(() =>
      resolveDatabricksSettings(
        {},
        { env: { DATABRICKS_CONFIG_PROFILE: 'dev', DATABRICKS_CONFIG_FILE: join(tmp, 'absent') }, homeDir: tmp },
      ),
    ).toThrow(/does not exist/);
  });

  it('gets the token of a `databricks auth login` profile from `databricks auth token`, and refuses auth types it cannot use', () => {
    // A stand-in for the Databricks CLI on PATH: answers like `databricks auth token --profile cli`.
    const bin = join(tmp, `bin-${randomBytes(4).toString('hex')}`);
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'databricks'),
      `#!/bin/sh\nif [ "$1 $2 $3 $4" = "auth token --profile cli" ]; then echo '{"access_token": "dapi-from-the-cli-0123", "token_type": "Bearer", "expiry": "2030-01-01T00:00:00Z"}'; else echo "Error: cache: token not found for profile $4" >&2; exit 1; fi\n`,
    );
    chmodSync(join(bin, 'databricks'), 0o755);
    const file = cfg(
      '[cli]\nhost = https://dbc-a1.cloud.databricks.com\nauth_type = databricks-cli\nwarehouse_id = w1\n\n[stale]\nhost = https://dbc-a1.cloud.databricks.com\nauth_type = databricks-cli\nwarehouse_id = w1\n\n[azure]\nhost = https://adb-1.2.azuredatabricks.net\nauth_type = azure-cli\nwarehouse_id = w1\n',
    );
    const env = { DATABRICKS_CONFIG_FILE: file, PATH: bin };
    expect(resolveDatabricksSettings({ profile: 'cli' }, { env, homeDir: tmp })).toMatchObject({
      auth: { kind: 'pat', token: 'dapi-from-the-cli-0123' },
      sources: { auth: 'profile [cli]' },
    });
    expect(() => resolveDatabricksSettings({ profile: 'stale' }, { env, homeDir: tmp })).toThrow(
      /`databricks auth token --profile stale` failed: Error: cache: token not found/,
    );
    const noCli = (() => {
      try {
        resolveDatabricksSettings({ profile: 'cli' }, { env: { ...env, PATH: join(tmp, 'nowhere') }, homeDir: tmp });
      } catch (err) {
        return err as UserError;
      }
    })();
    expect(noCli?.message).toMatch(/databricks CLI is not on PATH/);
    const azure = (() => {
      try {
        resolveDatabricksSettings({ profile: 'azure' }, { env, homeDir: tmp });
      } catch (err) {
        return err as UserError;
      }
    })();
    expect(azure).toBeInstanceOf(UserError);
    expect(azure?.message).toMatch(/auth_type = azure-cli, which idgraph does not support/);
    expect(azure?.hint).toMatch(/personal access token.*service principal.*auth_type = databricks-cli/);
  });

  it('redacts tokens and client secrets, also encoded', () => {
    const pat = { auth: { kind: 'pat' as const, token: TOKEN } };
    expect(redact(`Authorization: Bearer ${TOKEN}; q=${encodeURIComponent(TOKEN)}`, pat)).toBe(
      'Authorization: Bearer [REDACTED]; q=[REDACTED]',
    );
    const m2m = { auth: { kind: 'oauth-m2m' as const, clientId: 'id', clientSecret: 'se/cr+et==value' } };
    const basic = Buffer.from('id:se/cr+et==value').toString('base64');
    expect(redact(`secret=se/cr+et==value enc=${encodeURIComponent('se/cr+et==value')} basic=${basic}`, m2m)).toBe(
      'secret=[REDACTED] enc=[REDACTED] basic=[REDACTED]',
    );
  });
});
