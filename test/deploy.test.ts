import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildProgram } from '../src/cli/main.js';
import { configFromFlags } from '../src/cli/config-options.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { resolveShard } from '../src/pipeline/shard-auto.js';
import { parseSinkUrl } from '../src/sinks/sink-url.js';

/**
 * Issue 15: the Dockerfile and the engine files under deploy/ cannot be run here (no Docker
 * engine, no cluster), so their invariants are checked: a pinned slim Node base, a non-root user,
 * idgraph as entrypoint, the image holding what the npm package holds, and job files whose N
 * agrees everywhere and whose arguments the real CLI parser accepts.
 */
const read = (path: string) => readFileSync(join(PACKAGE_ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json'));

/** Dockerfile instructions (continuation lines joined), split into stages at each FROM. */
function dockerStages(text: string): { from: string; lines: string[] }[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { from: string; lines: string[] }[] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) stages.push({ from: line, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** The options `idgraph generate <args>` ends up with, parsed by the real program; nothing runs. */
async function parseGenerate(args: string[]): Promise<Record<string, string | undefined>> {
  const program = buildProgram(new AbortController().signal);
  const generate = program.commands.find((c) => c.name() === 'generate')!;
  let flags: Record<string, string | undefined> | undefined;
  generate.action((f: Record<string, string | undefined>) => {
    flags = f;
  });
  generate.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await program.parseAsync(['node', 'idgraph', ...args]);
  if (!flags) throw new Error(`generate was not reached by: ${args.join(' ')}`);
  return flags;
}

/** N, the shard count the job runs, checked against the arguments as the CLI reads them. */
async function checkShardArgs(args: string[], n: number, cpus: number): Promise<void> {
  expect(args[0]).toBe('generate');
  const flags = await parseGenerate(args);
  expect(flags.shard).toBe('auto');
  expect(Number(flags.shards)).toBe(n);
  // The last task of the job resolves to the last shard; one index further is refused.
  expect(resolveShard(flags.shard, flags.shards, { JOB_COMPLETION_INDEX: String(n - 1) })).toEqual({
    index: n - 1,
    count: n,
  });
  expect(() => resolveShard(flags.shard, flags.shards, { AWS_BATCH_JOB_ARRAY_INDEX: String(n) })).toThrow(
    /not a shard index below/,
  );
  expect(parseSinkUrl(flags.to!).kind).toBe('s3');
  expect(configFromFlags(flags).households).toBeGreaterThan(0);
  // One worker thread per CPU the task gets.
  expect(Number(flags.workers)).toBe(cpus);
}

describe('Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;

  it('builds on the official Node 24 slim image pinned by exact tag, the Node CI tests on', () => {
    const ciNode = JSON.parse(read('.ci/node24/package.json')).dependencies.node;
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages)
      expect(s.from).toMatch(new RegExp(`^FROM node:${ciNode.replace(/\./g, '\\.')}-slim(\\s|$)`));
  });

  it('runs as the unprivileged node user with idgraph as its entrypoint', () => {
    const users = runtime.lines.filter((l) => /^USER\s/i.test(l));
    expect(users.at(-1)).toBe('USER node');
    const entry = runtime.lines.find((l) => /^ENTRYPOINT\s/i.test(l))!;
    const argv = JSON.parse(entry.replace(/^ENTRYPOINT\s+/i, '')) as string[];
    expect(argv).toEqual(['node', `/opt/idgraph/${pkg.bin.idgraph}`]);
    expect(runtime.lines).toContain('WORKDIR /opt/idgraph');
  });

  it('installs only production dependencies from the lockfile in the runtime image', () => {
    const install = runtime.lines.filter((l) => /^RUN\s.*npm/.test(l)).join(' ');
    expect(install).toMatch(/npm ci --omit=dev/);
    expect(runtime.lines.filter((l) => /^COPY\s/.test(l)).every((l) => l.includes('--from=build'))).toBe(true);
  });

  it('ships exactly the files of the npm package: packed in the build, copied whole', () => {
    const build = stages[0];
    expect(build.lines.join('\n')).toMatch(/npm pack/);
    expect(runtime.lines).toContain('COPY --from=build /package/ ./');
    // Every file `npm pack` ships comes from the build context the Dockerfile copies and the
    // .dockerignore allowlist lets through (dist/ is compiled in the image from the tsconfig inputs).
    const copied = build.lines
      .filter((l) => /^COPY\s/.test(l) && !l.includes('--from'))
      .flatMap((l) => l.split(/\s+/).slice(1, -1))
      .map((p) => p.replace(/\/$/, ''));
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.slice(1).map((l) => {
      expect(l.startsWith('!'), l).toBe(true);
      return l.slice(1);
    });
    const within = (roots: string[], p: string) => roots.some((r) => p === r || p.startsWith(`${r}/`));
    const tsconfig = JSON.parse(read('tsconfig.json')) as { include: string[] };
    const inputs = [...tsconfig.include.map((i) => i.replace(/\/\*.*$/, '')), 'package.json', 'package-lock.json'];
    for (const p of [...inputs, 'tsconfig.json']) {
      expect(within(copied, p), `${p} copied`).toBe(true);
      expect(within(allowed, p), `${p} in .dockerignore`).toBe(true);
    }
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
    });
    expect(pack.status, pack.stderr).toBe(0);
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toContain(pkg.bin.idgraph);
    for (const f of files.filter((p) => !p.startsWith('dist/'))) {
      expect(within(copied, f), `${f} copied`).toBe(true);
      expect(within(allowed, f), `${f} in .dockerignore`).toBe(true);
    }
  });
});

describe('deploy/', () => {
  it('Kubernetes Indexed Job: completions = parallelism = --shards, S3 credentials from a Secret', async () => {
    const job = parseYaml(read('deploy/kubernetes/indexed-job.yaml'));
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const n = job.spec.completions;
    expect(job.spec.parallelism).toBe(n);
    const [container] = job.spec.template.spec.containers;
    const cpus = Number(container.resources.limits.cpu);
    await checkShardArgs(container.args, n, cpus);
    const env = Object.fromEntries(
      (container.env as { name: string; valueFrom?: { secretKeyRef?: unknown } }[]).map((e) => [e.name, e]),
    );
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
      expect(env[name]?.valueFrom?.secretKeyRef, name).toBeTruthy();
  });

  it('AWS Batch: array size = --shards, same arguments, S3 access through the job role', async () => {
    const definition = JSON.parse(read('deploy/aws-batch/job-definition.json'));
    const submit = JSON.parse(read('deploy/aws-batch/submit-job.json'));
    expect(submit.jobDefinition).toBe(definition.jobDefinitionName);
    const props = definition.containerProperties;
    const vcpu = props.resourceRequirements.find((r: { type: string }) => r.type === 'VCPU').value;
    await checkShardArgs(props.command, submit.arrayProperties.size, Number(vcpu));
    expect(props.jobRoleArn).toMatch(/^arn:aws:iam::/);
    // Both engines run the same generation.
    const job = parseYaml(read('deploy/kubernetes/indexed-job.yaml'));
    expect(props.command).toEqual(job.spec.template.spec.containers[0].args);
  });

  it('refuses job arguments the CLI would refuse (the check can fail)', async () => {
    await expect(parseGenerate(['generate', '--shard', 'auto', '--shardz', '4'])).rejects.toThrow(/unknown option/);
  });
});
