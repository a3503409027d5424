import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { isolatedAwsEnv, uploadCli } from './helpers/s3-cli.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './helpers/s3-server.js';

let s3: S3Server;
let drop: string;
let files: { credentials: string; config: string };

beforeAll(async () => {
  s3 = await startS3Server();
  ({ out: drop } = await generateDrop());
  // An AWS CLI style profile store: the server's keys under one profile, wrong keys under another.
  const dir = tempDir();
  files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
  writeFileSync(
    files.credentials,
    `[staging]\naws_access_key_id = ${S3RVER_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${S3RVER_CREDENTIALS.secretAccessKey}\n\n[other]\naws_access_key_id = NOTTHEKEY\naws_secret_access_key = wrong\n`,
  );
  writeFileSync(files.config, '[profile staging]\nregion = us-east-1\n\n[profile other]\nregion = us-east-1\n');
});
afterAll(async () => {
  await s3?.close();
});

/** No keys in the environment: only AWS_PROFILE and the profile files can supply them. */
const profileEnv = (profile: string) =>
  isolatedAwsEnv({
    AWS_PROFILE: profile,
    AWS_SHARED_CREDENTIALS_FILE: files.credentials,
    AWS_CONFIG_FILE: files.config,
  });

async function stagedKeys(prefix: string): Promise<string[]> {
  const page = await s3.client.send(new ListObjectsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/` }));
  return (page.Contents ?? []).map((o) => o.Key!);
}

describe('S3 flags as the AWS CLI spells them', () => {
  it('--endpoint-url with AWS_PROFILE: the SDK chain reads the profile (keys and region)', async () => {
    const r = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/with-profile`, '--endpoint-url', s3.endpoint],
      profileEnv('staging'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await stagedKeys('with-profile')).toContain('with-profile/_manifest.json');
  });

  it('another AWS_PROFILE is used instead: its wrong keys are refused by the store', async () => {
    const r = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/other-profile`, '--endpoint-url', s3.endpoint],
      profileEnv('other'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('wrong');
    expect(await stagedKeys('other-profile')).toEqual([]);
  });

  it('--endpoint stays an alias; two different endpoints are refused', async () => {
    const alias = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/alias`, '--endpoint', s3.endpoint],
      profileEnv('staging'),
    );
    expect(alias.code, alias.stderr).toBe(0);
    const both = await uploadCli(
      [
        'upload',
        drop,
        '--to',
        `s3://${s3.bucket}/both`,
        '--endpoint',
        s3.endpoint,
        '--endpoint-url',
        'http://127.0.0.1:9',
      ],
      profileEnv('staging'),
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^idgraph: --endpoint-url and --endpoint name different endpoints\n {2}fix: /);
  });

  it('help says --profile is a Databricks profile and S3 takes AWS_PROFILE; --endpoint-url everywhere S3 is read', () => {
    for (const cmd of ['upload', 'generate', 'seal', 'load', 'validate']) {
      const help = cli([cmd, '--help']).stdout.replace(/\s+/g, ' ');
      expect(help).toContain('--endpoint-url <url>');
      expect(help).toContain('--profile <name> Databricks config profile');
      expect(help).toContain('not an AWS profile: S3 takes AWS_PROFILE');
    }
  });
});
