import { S3Client } from '@aws-sdk/client-s3';
import { rmSync } from 'node:fs';
// s3rver ships no types: test/types/s3rver.d.ts declares the part used here.
import S3rver from 's3rver';
import { tempDir } from './drops.js';

/** s3rver accepts any well-formed SigV4 signature but checks the access key id against its one account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Server {
  endpoint: string;
  port: number;
  bucket: string;
  /** A client for reading back what was staged. */
  client: S3Client;
  close(): Promise<void>;
}

/** A real S3-compatible server on loopback: random port, temporary directory, one bucket created. */
export async function startS3Server(bucket = 'idgraph-staging'): Promise<S3Server> {
  const directory = tempDir('idgraph-s3rver-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: !process.env.S3RVER_DEBUG,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  return {
    endpoint,
    port,
    bucket,
    client,
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
