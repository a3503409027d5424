/**
 * A Databricks SQL warehouse connection: one DBSQLClient, one session in UTC, statements and
 * staging PUTs. Every failure comes out as one DatabricksError (a UserError) with secrets redacted.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { DBSQLClient, type LogLevel } from '@databricks/sql';
import type { ConnectionOptions } from '@databricks/sql/dist/contracts/IDBSQLClient.js';

import { abortable, bounded } from './abortable.js';
import { DatabricksError, toDatabricksError, type FailureContext } from './client-errors.js';
import { SET_UTC } from './session.js';
import { DEFAULT_RETRY_POLICY, RetriesExhausted, withRetry, type RetryPolicy } from './retry.js';
import { redact, type DatabricksSettings } from './settings.js';
import { CancelledError } from '../errors.js';
import { installVerifyingConnection } from './tls-connection.js';

export type Row = Record<string, unknown>;

export interface DatabricksClient {
  /** Runs one statement and returns all its rows (none for DDL). */
  execute(sql: string): Promise<Row[]>;
  /**
   * Uploads a local file to a Unity Catalog volume path (`/Volumes/<catalog>/<schema>/<volume>/…`),
   * replacing it; with `overwrite: false` the warehouse refuses a path that exists (PUT without
   * OVERWRITE), an exclusive create.
   */
  put(localPath: string, volumePath: string, options?: { overwrite?: boolean }): Promise<void>;
  /** Deletes a file from a Unity Catalog volume (REMOVE). */
  remove(volumePath: string): Promise<void>;
  /** Downloads a file from a Unity Catalog volume to a local path (its folder must exist). */
  get(volumePath: string, localPath: string): Promise<void>;
  /** Closes the session and the client; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Retries for session opening and statement submission; defaults to DEFAULT_RETRY_POLICY. */
  retry?: Partial<RetryPolicy>;
  /** Receives the driver's log lines (already redacted). Silent by default: library code never prints. */
  onLog?: (level: LogLevel, message: string) => void;
  /**
   * Ctrl-C: the statement running is cancelled on the warehouse, the session and connection are
   * closed, and the call in progress (and every later one) fails with a CancelledError.
   */
  signal?: AbortSignal;
}

/** How long each clean-up request may take after Ctrl-C: the whole stop stays under a second. */
const CLEANUP_MS = 300;

export { SET_UTC } from './session.js';

/** A Databricks SQL string literal: backslash escapes, as Databricks SQL reads them. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

type Session = Awaited<ReturnType<DBSQLClient['openSession']>>;
type Operation = Awaited<ReturnType<Session['executeStatement']>>;
type StagingAware = { getMetadata(): Promise<{ isStagingOperation?: boolean | null }> };

function connectOptions(settings: DatabricksSettings): ConnectionOptions {
  const auth =
    settings.auth.kind === 'pat'
      ? { token: settings.auth.token }
      : {
          authType: 'databricks-oauth' as const,
          oauthClientId: settings.auth.clientId,
          oauthClientSecret: settings.auth.clientSecret,
          // DATABRICKS_CLIENT_ID/SECRET are Databricks OAuth credentials on every cloud (unified
          // auth); without this flag the driver would send them to Microsoft Entra ID on Azure.
          useDatabricksOAuthInAzure: true,
        };
  return {
    host: settings.host,
    port: settings.port,
    path: settings.httpPath,
    userAgentEntry: 'idgraph',
    // Driver telemetry means extra out-of-band requests (feature flags, metrics upload) that the
    // user did not ask for and that bypass the verifying agent; opt in via driver.connect.
    telemetryEnabled: false,
    ...settings.driver?.connect,
    ...auth,
  } as ConnectionOptions;
}

function checkVolumePath(volumePath: string): void {
  if (!/^\/Volumes\/[^/]+\/[^/]+\/[^/]+\/[^/].*/.test(volumePath) || volumePath.includes('/../')) {
    throw new DatabricksError(
      'staging',
      `"${volumePath}" is not a file path in a Unity Catalog volume`,
      'use /Volumes/<catalog>/<schema>/<volume>/<path/to/file>',
    );
  }
}

class WarehouseClient implements DatabricksClient {
  private closed = false;

  constructor(
    private readonly settings: DatabricksSettings,
    private readonly client: DBSQLClient,
    private readonly session: Session,
    private readonly retry: RetryPolicy,
    private readonly signal?: AbortSignal,
  ) {}

  async execute(sql: string): Promise<Row[]> {
    this.assertOpen();
    const ctx: FailureContext = { sql };
    const operation = await this.submit(ctx, () => this.session.executeStatement(sql));
    try {
      return await this.whileRunning(operation, async () => {
        // Wait for the end even when there is no result set: that is where a failed DDL shows up.
        await operation.finished();
        // No result set, no fetch: driver 1.15 can loop forever in fetchAll when a server sends
        // inline rows for an operation that has none.
        if ((await operation.getSchema()) === null) return [];
        return (await operation.fetchAll()) as Row[];
      });
    } catch (err) {
      if (this.signal?.aborted) throw err;
      throw toDatabricksError(err, this.settings, ctx);
    } finally {
      await this.quietly(() => operation.close());
    }
  }

  async put(localPath: string, volumePath: string, options: { overwrite?: boolean } = {}): Promise<void> {
    this.assertOpen();
    const local = resolve(localPath);
    checkVolumePath(volumePath);
    const info = await stat(local).catch(() => undefined);
    if (!info?.isFile()) {
      throw new DatabricksError('staging', `cannot upload ${local}: not a readable file`, 'check the path of the drop');
    }
    const overwrite = options.overwrite === false ? '' : ' OVERWRITE';
    await this.staging(`PUT ${sqlString(local)} INTO ${sqlString(volumePath)}${overwrite}`, local, {
      localPath: local,
      volumePath,
    });
  }

  async remove(volumePath: string): Promise<void> {
    this.assertOpen();
    checkVolumePath(volumePath);
    await this.staging(`REMOVE ${sqlString(volumePath)}`, undefined, { localPath: '', volumePath });
  }

  async get(volumePath: string, localPath: string): Promise<void> {
    this.assertOpen();
    const local = resolve(localPath);
    checkVolumePath(volumePath);
    await this.staging(`GET ${sqlString(volumePath)} TO ${sqlString(local)}`, local, { localPath: local, volumePath });
  }

  /** One staging statement (PUT or GET); the driver moves the bytes through the presigned URL. */
  private async staging(
    sql: string,
    local: string | undefined,
    upload: { localPath: string; volumePath: string },
  ): Promise<void> {
    const ctx: FailureContext = { sql, upload };
    // The driver runs the whole staging exchange inside executeStatement: the PUT statement, the
    // presigned URL row, then the HTTP PUT of the bytes. OVERWRITE makes repeating all of it safe.
    const operation = await this.submit(ctx, () =>
      // REMOVE has no local file, but the driver moves bytes only when given an allowed list.
      this.session.executeStatement(sql, { stagingAllowedLocalPath: local === undefined ? [] : [dirname(local)] }),
    );
    try {
      // getMetadata is public on DBSQLOperation but missing from the IOperation interface.
      const metadata = await this.whileRunning(operation, () => (operation as unknown as StagingAware).getMetadata());
      if (!metadata.isStagingOperation) {
        throw new DatabricksError(
          'staging',
          `the warehouse did not run "${sql}" as a file transfer`,
          'volume uploads need a SQL warehouse with Unity Catalog; check the volume path',
        );
      }
    } catch (err) {
      if (this.signal?.aborted) throw err;
      throw toDatabricksError(err, this.settings, ctx);
    } finally {
      await this.quietly(() => operation.close());
    }
  }

  /** `work` on a submitted statement; Ctrl-C cancels the statement on the warehouse, then closes. */
  private whileRunning<T>(operation: Operation, work: () => Promise<T>): Promise<T> {
    return abortable(work(), this.signal, async () => {
      await bounded(operation.cancel(), CLEANUP_MS);
      await this.closeWithin();
    });
  }

  /** Close, bounded: after Ctrl-C a dead network must not hold the exit. */
  private closeWithin(): Promise<void> {
    return bounded(this.close(), CLEANUP_MS);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Best effort: after a dropped connection these fail too, and an abandoned session simply
    // expires on the server; nothing is lost by ignoring that.
    await this.quietly(() => this.session.close());
    await this.quietly(() => this.client.close());
  }

  private async submit(ctx: FailureContext, run: () => Promise<Operation>): Promise<Operation> {
    try {
      // Ctrl-C while a statement is being submitted (or retried against a starting warehouse):
      // closing the session ends whatever the warehouse started for it.
      return await abortable(withRetry(run, this.retry, undefined, this.signal), this.signal, () => this.closeWithin());
    } catch (err) {
      if (this.signal?.aborted) throw err;
      throw asDatabricksError(err, this.settings, ctx);
    }
  }

  private assertOpen(): void {
    if (this.signal?.aborted) throw new CancelledError('interrupted');
    if (this.closed) throw new Error('Databricks client used after close()');
  }

  private async quietly(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch {
      // see close()
    }
  }
}

function asDatabricksError(err: unknown, settings: DatabricksSettings, ctx: FailureContext): DatabricksError {
  if (err instanceof RetriesExhausted) {
    return toDatabricksError(err.last, settings, {
      ...ctx,
      retry: { attempts: err.attempts, elapsedMs: err.elapsedMs },
    });
  }
  return toDatabricksError(err, settings, ctx);
}

/**
 * Connects, opens a session and sets it to UTC (generated partition columns and TIMESTAMP
 * literals are computed in the session time zone). Throws DatabricksError.
 */
export async function openDatabricksClient(
  settings: DatabricksSettings,
  options: OpenOptions = {},
): Promise<DatabricksClient> {
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const onLog = options.onLog;
  const client = new DBSQLClient({
    logger: { log: (level: LogLevel, message: string) => onLog?.(level, redact(message, settings)) },
  });
  // The driver also emits connection errors as events; they reach us through the failed call.
  client.on('error', () => undefined);
  Object.assign(client.getConfig(), {
    retryMaxAttempts: retry.maxAttempts,
    retryDelayMin: retry.delayMinMs,
    retryDelayMax: retry.delayMaxMs,
    retriesTimeout: retry.totalTimeoutMs,
    ...settings.driver?.config,
  });
  installVerifyingConnection(client, { ca: settings.ca, socketTimeoutMs: client.getConfig().socketTimeout });

  let session: Session | undefined;
  const signal = options.signal;
  try {
    await client.connect(connectOptions(settings));
    session = await abortable(
      withRetry(() => client.openSession(), retry, undefined, signal),
      signal,
      () => bounded(client.close(), CLEANUP_MS),
    );
  } catch (err) {
    await bounded(client.close(), CLEANUP_MS);
    if (signal?.aborted) throw new CancelledError('interrupted');
    throw asDatabricksError(err, settings, {});
  }
  const warehouse = new WarehouseClient(settings, client, session, retry, signal);
  try {
    await warehouse.execute(SET_UTC);
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  return warehouse;
}
