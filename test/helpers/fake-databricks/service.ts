/**
 * The TCLIService calls the driver makes: OpenSession, CloseSession, ExecuteStatement (async: the
 * driver then polls GetOperationStatus; or with direct results), GetOperationStatus,
 * GetResultSetMetadata, FetchResults, CloseOperation, CancelOperation. State lives in memory.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { normalize, rowSet, tableSchema, type ResultSet } from './results.js';
import { isHttpFault, isStatementError, type HttpFault, type Reply, type StatementError } from './responders.js';
import { parseStaging, type StagingArea } from './staging.js';
import { T } from './thrift.js';

export interface RecordedSession {
  id: string;
  configuration: Record<string, string>;
  clientProtocol: number | undefined;
  initialNamespace?: { catalogName?: string; schemaName?: string };
  closed: boolean;
}

export interface RecordedStatement {
  sql: string;
  sessionId: string;
  /** What the driver asked for; the fake answers column-based whatever these say. */
  canReadArrowResult: boolean;
  canDownloadResult: boolean;
  canDecompressLZ4Result: boolean;
}

export interface ServiceOptions {
  /** Advertised in OpenSession. SPARK_CLI_SERVICE_PROTOCOL_V2 by default: below V3 (CloudFetch), V5 (Arrow) and V6 (LZ4). */
  protocolVersion: number;
  /** Answer ExecuteStatement with the status, metadata and rows inline (as warehouses do for small results). */
  directResults: boolean;
  /** GetOperationStatus says RUNNING this many times before the final state. */
  runningPolls: number;
  respond: (sql: string) => Reply | Promise<Reply>;
}

interface Operation {
  sql: string;
  /** Stays RUNNING until CancelOperation / CloseOperation. */
  held: boolean;
  cancelled: boolean;
  columns: ReturnType<typeof normalize>['columns'];
  rows: unknown[][];
  error?: StatementError;
  staging: boolean;
  cursor: number;
  pollsLeft: number;
  closed: boolean;
}

/** Set by a handler when the HTTP layer must answer with a fault instead of the Thrift reply. */
export interface RequestFault {
  fault?: HttpFault | 'drop-connection';
}

const ok = () => new T.TStatus({ statusCode: T.TStatusCode.SUCCESS_STATUS });
const failed = (message: string, sqlState?: string) =>
  new T.TStatus({ statusCode: T.TStatusCode.ERROR_STATUS, errorMessage: message, displayMessage: message, sqlState });
// The driver prints handle guids with uuid.stringify, which insists on a valid v4 layout.
const uuidBytes = () => Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
const handleId = () => new T.THandleIdentifier({ guid: uuidBytes(), secret: randomBytes(16) });
const key = (id: { guid: Buffer } | undefined): string => (id ? Buffer.from(id.guid).toString('hex') : '');

export class FakeService {
  readonly sessions: RecordedSession[] = [];
  readonly statements: RecordedStatement[] = [];
  /** SQL of every operation the client cancelled (CancelOperation), in order. */
  readonly cancelled: string[] = [];
  private readonly operations = new Map<string, Operation>();

  constructor(
    private readonly options: ServiceOptions,
    private readonly staging: StagingArea,
  ) {}

  /** A handler object for one request; `request.fault` tells the HTTP layer to misbehave instead. */
  handler(request: RequestFault): object {
    /* eslint-disable @typescript-eslint/no-explicit-any */
    return {
      OpenSession: async (req: any) => {
        const handle = new T.TSessionHandle({ sessionId: handleId() });
        this.sessions.push({
          id: key(handle.sessionId),
          configuration: { ...(req.configuration ?? {}) },
          clientProtocol: req.client_protocol_i64?.toNumber?.() ?? req.client_protocol ?? undefined,
          initialNamespace: req.initialNamespace ?? undefined,
          closed: false,
        });
        return new T.TOpenSessionResp({
          status: ok(),
          serverProtocolVersion: this.options.protocolVersion,
          sessionHandle: handle,
          configuration: {},
        });
      },
      CloseSession: async (req: any) => {
        const session = this.session(req.sessionHandle);
        if (session) session.closed = true;
        return new T.TCloseSessionResp({ status: ok() });
      },
      ExecuteStatement: async (req: any) => this.execute(req, request),
      GetOperationStatus: async (req: any) => {
        const op = this.operations.get(key(req.operationHandle?.operationId));
        if (!op) return new T.TGetOperationStatusResp({ status: failed('Invalid OperationHandle') });
        return this.status(op);
      },
      GetResultSetMetadata: async (req: any) => {
        const op = this.operations.get(key(req.operationHandle?.operationId));
        if (!op) return new T.TGetResultSetMetadataResp({ status: failed('Invalid OperationHandle') });
        return this.metadata(op);
      },
      FetchResults: async (req: any) => {
        const op = this.operations.get(key(req.operationHandle?.operationId));
        if (!op || op.closed) return new T.TFetchResultsResp({ status: failed('Invalid OperationHandle') });
        const maxRows = Math.max(1, req.maxRows?.toNumber?.() ?? 100_000);
        return this.fetch(op, maxRows);
      },
      CloseOperation: async (req: any) => {
        const op = this.operations.get(key(req.operationHandle?.operationId));
        if (op) op.closed = true;
        return new T.TCloseOperationResp({ status: ok() });
      },
      CancelOperation: async (req: any) => {
        const op = this.operations.get(key(req.operationHandle?.operationId));
        if (op && !op.cancelled) {
          op.cancelled = true;
          this.cancelled.push(op.sql);
        }
        return new T.TCancelOperationResp({ status: ok() });
      },
    };
  }

  private session(handle: any): RecordedSession | undefined {
    return this.sessions.find((s) => s.id === key(handle?.sessionId));
  }

  private async execute(req: any, request: RequestFault): Promise<unknown> {
    const session = this.session(req.sessionHandle);
    if (!session || session.closed) return new T.TExecuteStatementResp({ status: failed('Invalid SessionHandle') });
    const sql: string = req.statement;
    const stagingRequest = parseStaging(sql);
    const reply: Reply = stagingRequest ? this.staging.answer(stagingRequest) : await this.options.respond(sql);
    if (reply === 'drop-connection' || isHttpFault(reply)) {
      request.fault = reply;
      return new T.TExecuteStatementResp({ status: ok() });
    }
    this.statements.push({
      sql,
      sessionId: session.id,
      canReadArrowResult: Boolean(req.canReadArrowResult),
      canDownloadResult: Boolean(req.canDownloadResult),
      canDecompressLZ4Result: Boolean(req.canDecompressLZ4Result),
    });
    if (isStatementError(reply) && reply.sync) {
      return new T.TExecuteStatementResp({ status: failed(reply.error, reply.sqlState) });
    }
    const held = reply === 'hold';
    const result: ResultSet = held || isStatementError(reply) ? { columns: [], rows: [] } : (reply as ResultSet);
    const { columns, rows } = normalize(result);
    const opHandle = new T.TOperationHandle({
      operationId: handleId(),
      operationType: T.TOperationType.EXECUTE_STATEMENT,
      hasResultSet: columns.length > 0,
    });
    const op: Operation = {
      sql,
      held,
      cancelled: false,
      columns,
      rows,
      error: isStatementError(reply) ? reply : undefined,
      staging: stagingRequest !== undefined && !isStatementError(reply),
      cursor: 0,
      pollsLeft: this.options.runningPolls,
      closed: false,
    };
    this.operations.set(key(opHandle.operationId), op);
    if (!this.options.directResults || held)
      return new T.TExecuteStatementResp({ status: ok(), operationHandle: opHandle });
    op.pollsLeft = 0;
    return new T.TExecuteStatementResp({
      status: ok(),
      operationHandle: opHandle,
      directResults: new T.TSparkDirectResults({
        operationStatus: this.status(op),
        // No inline rows for a statement without a result set: the driver (1.15) would spin forever
        // on a prefetched row set it never reads when hasResultSet is false.
        ...(op.error || op.columns.length === 0
          ? {}
          : { resultSetMetadata: this.metadata(op), resultSet: this.fetch(op, Number.MAX_SAFE_INTEGER) }),
      }),
    });
  }

  private status(op: Operation): unknown {
    if (op.cancelled)
      return new T.TGetOperationStatusResp({ status: ok(), operationState: T.TOperationState.CANCELED_STATE });
    if (op.held && !op.closed)
      return new T.TGetOperationStatusResp({ status: ok(), operationState: T.TOperationState.RUNNING_STATE });
    if (op.pollsLeft > 0) {
      op.pollsLeft -= 1;
      return new T.TGetOperationStatusResp({ status: ok(), operationState: T.TOperationState.RUNNING_STATE });
    }
    if (op.error) {
      return new T.TGetOperationStatusResp({
        status: ok(),
        operationState: T.TOperationState.ERROR_STATE,
        errorMessage: `${op.error.error}\n\tat fake.stack.Frame(Fake.scala:1)`,
        displayMessage: op.error.error,
        sqlState: op.error.sqlState,
      });
    }
    return new T.TGetOperationStatusResp({
      status: ok(),
      operationState: T.TOperationState.FINISHED_STATE,
      hasResultSet: op.columns.length > 0,
    });
  }

  private metadata(op: Operation): unknown {
    return new T.TGetResultSetMetadataResp({
      status: ok(),
      schema: tableSchema(op.columns),
      resultFormat: T.TSparkRowSetType.COLUMN_BASED_SET,
      isStagingOperation: op.staging,
    });
  }

  private fetch(op: Operation, maxRows: number): unknown {
    const from = op.cursor;
    const to = Math.min(op.rows.length, from + maxRows);
    op.cursor = to;
    return new T.TFetchResultsResp({
      status: ok(),
      hasMoreRows: to < op.rows.length,
      results: rowSet(op.columns, op.rows, from, to),
    });
  }
}
