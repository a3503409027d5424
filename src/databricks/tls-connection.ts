/**
 * Certificate verification for the driver's HTTPS connection.
 *
 * @databricks/sql 1.15.0 builds its Thrift HTTPS agent with `rejectUnauthorized: false` and offers
 * no option to turn verification on (databricks/databricks-sql-nodejs#462, fixed upstream by #463
 * with `checkServerCertificate` / `customCaCert` in a later release that we cannot install yet).
 * The bearer token rides on every request, so idgraph swaps in an agent that verifies the server
 * against the system roots plus an optional extra CA. The same agent carries the staging PUT.
 *
 * This reaches into two private members of DBSQLClient (getConnectionOptions and
 * createConnectionProvider); `installVerifyingConnection` checks they still exist so a driver
 * upgrade fails loudly instead of silently dropping verification. Delete this file when the driver
 * is upgraded and pass `checkServerCertificate: true, customCaCert: ca` instead.
 */
import https from 'node:https';
import type http from 'node:http';
import tls from 'node:tls';

import { connections, type DBSQLClient } from '@databricks/sql';
import type { ConnectionOptions } from '@databricks/sql/dist/contracts/IDBSQLClient.js';

const { HttpConnection } = connections;
// The contracts are default-exported interfaces of a CommonJS package, which NodeNext cannot
// import by name from ESM; take them from the constructor instead.
type IConnectionOptions = ConstructorParameters<typeof HttpConnection>[0];
type IClientContext = ConstructorParameters<typeof HttpConnection>[1];

export interface TlsOptions {
  /** Extra trusted CA in PEM, added to (not replacing) the system roots. */
  ca?: string;
  socketTimeoutMs: number;
}

class VerifyingHttpConnection extends HttpConnection {
  private verifyingAgent?: https.Agent;

  constructor(
    options: IConnectionOptions,
    context: IClientContext,
    private readonly tlsOptions: TlsOptions,
  ) {
    super(options, context);
  }

  // getAgent is the one public hook both the Thrift transport and the staging transfers use.
  override async getAgent(): Promise<http.Agent | undefined> {
    this.verifyingAgent ??= new https.Agent({
      keepAlive: true,
      keepAliveMsecs: 10_000,
      maxSockets: Infinity,
      timeout: this.tlsOptions.socketTimeoutMs,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(this.tlsOptions.ca ? { ca: [...tls.rootCertificates, this.tlsOptions.ca] } : {}),
    });
    return this.verifyingAgent;
  }
}

interface DriverInternals {
  getConnectionOptions(options: ConnectionOptions): IConnectionOptions;
  createConnectionProvider(options: ConnectionOptions): unknown;
}

/** Makes `client` connect through a certificate-verifying agent. Call before connect(). */
export function installVerifyingConnection(client: DBSQLClient, tlsOptions: TlsOptions): void {
  const internals = client as unknown as DriverInternals;
  if (
    typeof internals.getConnectionOptions !== 'function' ||
    typeof internals.createConnectionProvider !== 'function'
  ) {
    throw new Error(
      '@databricks/sql changed its internals: cannot enable TLS certificate verification (see src/databricks/tls-connection.ts)',
    );
  }
  const getConnectionOptions = internals.getConnectionOptions.bind(client);
  internals.createConnectionProvider = (options: ConnectionOptions) =>
    new VerifyingHttpConnection(getConnectionOptions(options), client as unknown as IClientContext, tlsOptions);
}
