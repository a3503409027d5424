/**
 * Where a worker's time goes, without the pool: generates (and encodes) chunks in this thread,
 * exactly as workers/generate-block.ts does, so `node --cpu-prof` sees every frame.
 *
 *   node --cpu-prof --cpu-prof-dir=$TMPDIR/prof dist/scripts/bench-profile.js [households] [seed]
 *   node dist/scripts/bench-profile.js --top $TMPDIR/prof/<file>.cpuprofile [n]
 *   node dist/scripts/bench-profile.js --repeat [households] [passes]
 *
 * The first form prints generate and encode CPU milliseconds and a sha256 over every encoded part
 * (a quick byte-identity check between two versions of the generators); the second lists the
 * functions with the most self time in a profile; the third times generation alone, several
 * passes in one process, and prints the fastest.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../src/config/load.js';
import { generateChunk } from '../src/gen/chunk.js';
import { createContext } from '../src/gen/context.js';
import { encodeParquet } from '../src/write/encode-parquet.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (summed over its call sites), largest first. */
function top(file: string, n: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(dist|node_modules)\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`total ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [key, us] of rows)
    console.log(`${(us / 1e3).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}

function run(households: number, seed: number): void {
  const config = resolveConfig({ households, seed });
  const ctx = createContext(config);
  const chunk = config.output.chunkHouseholds;
  const hash = createHash('sha256');
  // CPU time of the process (this thread plus V8's helpers), which a busy machine inflates less than wall time.
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let generateMs = 0;
  let encodeMs = 0;
  let rows = 0;
  for (let first = 0; first < households; first += chunk) {
    const t0 = cpuMs();
    const output = generateChunk(ctx, first, Math.min(chunk, households - first));
    const t1 = cpuMs();
    for (const { key, builder } of output.parts()) {
      const bytes = encodeParquet(builder.finish());
      rows += builder.rowCount;
      hash.update(`${key.table}/${key.day ?? ''}:`).update(bytes);
    }
    output.release();
    generateMs += t1 - t0;
    encodeMs += cpuMs() - t1;
  }
  console.log(
    JSON.stringify({
      households,
      seed,
      rows,
      generateCpuMs: Math.round(generateMs),
      encodeCpuMs: Math.round(encodeMs),
      generateUsPerRow: +((generateMs * 1000) / rows).toFixed(3),
    }),
  );
  console.log(`sha256 ${hash.digest('hex')}`);
}

/**
 * Generation alone, `repeats` times over the same households in one process after a warm-up
 * pass: the fastest pass is the least disturbed by other load on a shared machine.
 */
function repeat(households: number, repeats: number): void {
  const ctx = createContext(resolveConfig({ households, seed: 1 }));
  const chunk = ctx.config.output.chunkHouseholds;
  const passes: number[] = [];
  let rows = 0;
  for (let r = 0; r <= repeats; r++) {
    const t0 = process.cpuUsage();
    rows = 0;
    for (let first = 0; first < households; first += chunk) {
      const output = generateChunk(ctx, first, Math.min(chunk, households - first));
      for (const { builder } of output.parts()) rows += builder.rowCount;
      output.release();
    }
    const u = process.cpuUsage(t0);
    if (r > 0) passes.push((u.user + u.system) / rows);
  }
  passes.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      households,
      rows,
      generateUsPerRowMin: +passes[0].toFixed(3),
      median: +passes[passes.length >> 1].toFixed(3),
    }),
  );
}

const args = process.argv.slice(2);
if (args[0] === '--top') top(args[1], Number(args[2] ?? 25));
else if (args[0] === '--repeat') repeat(Number(args[1] ?? 8192), Number(args[2] ?? 5));
else run(Number(args[0] ?? 20000), Number(args[1] ?? 1));
