/**
 * The CommonJS Thrift pieces the fake needs: the `thrift` runtime (the same copy the driver uses)
 * and the TCLIService definitions shipped inside @databricks/sql, so the fake speaks exactly the
 * wire format of the installed driver: TBinaryProtocol over TBufferedTransport, one HTTP POST per
 * call (see node_modules/@databricks/sql/dist/connection/connections/HttpConnection.js).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any */
export const thriftRuntime = require('thrift') as {
  TBufferedTransport: any;
  TBinaryProtocol: any;
};
export const TCLIService = require('@databricks/sql/thrift/TCLIService') as {
  Processor: new (handler: object) => { process(input: unknown, output: unknown): void };
};
export const T = require('@databricks/sql/thrift/TCLIService_types') as Record<string, any>;
export const Int64 = require('node-int64') as new (value: number) => { toNumber(): number };

/** Decodes the Thrift method name of a request body without consuming it (for routing faults and logs). */
export function methodName(body: Buffer): string | undefined {
  try {
    let name: string | undefined;
    thriftRuntime.TBufferedTransport.receiver((transport: unknown) => {
      name = new thriftRuntime.TBinaryProtocol(transport).readMessageBegin().fname;
    })(body);
    return name;
  } catch {
    return undefined;
  }
}

/**
 * Runs one Thrift request through a TCLIService processor and resolves with the encoded reply.
 * The processor answers asynchronously (handlers return promises), hence the flush callback.
 */
export function processThrift(body: Buffer, handler: object): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const processor = new TCLIService.Processor(handler);
    thriftRuntime.TBufferedTransport.receiver((transport: unknown) => {
      const input = new thriftRuntime.TBinaryProtocol(transport);
      const output = new thriftRuntime.TBinaryProtocol(
        new thriftRuntime.TBufferedTransport(undefined, (reply: Buffer) => resolve(reply)),
      );
      try {
        processor.process(input, output);
      } catch (err) {
        reject(err);
      }
    })(body);
  });
}
