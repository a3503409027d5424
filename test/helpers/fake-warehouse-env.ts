import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeDatabricks } from './fake-databricks/index.js';

/**
 * How a CLI process reaches a fake warehouse (./fake-databricks): the environment (host, token,
 * and a profile file that does not exist, so a developer's ~/.databrickscfg is never read) and
 * the connection flags (--http-path, --ca-file with the fake's certificate written into `dir`,
 * a short --wait so a refused request fails fast).
 */
export function fakeWarehouseEnv(
  fake: FakeDatabricks,
  token: string,
  dir: string,
): { env: NodeJS.ProcessEnv; flags: string[] } {
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, fake.ca);
  return {
    env: {
      DATABRICKS_HOST: `https://${fake.host}:${fake.port}`,
      DATABRICKS_TOKEN: token,
      DATABRICKS_CONFIG_FILE: join(dir, 'none.cfg'),
    },
    flags: ['--http-path', fake.httpPath, '--ca-file', ca, '--wait', '3'],
  };
}
