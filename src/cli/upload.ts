import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { resolve } from 'node:path';
import { readDrop } from '../drop/read-drop.js';
import { openSink } from '../sinks/sink.js';
import {
  DEFAULT_UPLOAD_CONCURRENCY,
  UploadCancelledError,
  uploadDrop,
  type UploadProgress,
  type UploadResult,
} from '../sinks/upload-drop.js';
import { addDatabricksOptions, type DatabricksFlags, volumesOptions } from './databricks-flags.js';
import { addEndpointOption, addS3TimeoutOptions, type S3TimeoutFlags, s3SinkOptions } from './s3-flags.js';
import { maxUploadConcurrency } from '../resources.js';
import { concurrencyFlag } from './limits.js';
import { formatBytes, print } from './output.js';
import { plainProgress, progressSetting } from './progress.js';

export interface UploadFlags extends DatabricksFlags, S3TimeoutFlags {
  to: string;
  endpoint?: string;
  region?: string;
  concurrency?: string;
  overwrite?: boolean;
  json?: boolean;
}

export function uploadCommand(signal: AbortSignal): Command {
  return addEndpointOption(addS3TimeoutOptions(addDatabricksOptions(new Command('upload'))))
    .description(
      'stage a drop on S3, a Unity Catalog volume or a local folder (resumable: a rerun sends only what is missing; the manifest goes last)',
    )
    .argument('<drop>', 'drop folder written by `idgraph generate`')
    .requiredOption(
      '--to <url>',
      's3://<bucket>/<prefix>, /Volumes/<catalog>/<schema>/<volume>/<path>, or a local directory',
    )
    .option('--region <region>', "AWS region (default: AWS_REGION / the profile's region)")
    .option(
      '--concurrency <files>',
      `files uploaded at once (default: ${DEFAULT_UPLOAD_CONCURRENCY}; at most ${maxUploadConcurrency()} on this machine)`,
    )
    .option('--overwrite', 'replace another drop staged at --to (else refused, so two drops never mix)')
    .option('--json', 'print the summary as JSON')
    .action(async (drop: string, flags: UploadFlags) => {
      const result = await runUpload(drop, flags, signal);
      printUploadSummary(result, flags.json ?? false);
    });
}

export async function runUpload(drop: string, flags: UploadFlags, signal?: AbortSignal): Promise<UploadResult> {
  const concurrency = concurrencyFlag(flags.concurrency);
  const s3 = s3SinkOptions(flags, signal);
  // The local drop first: a wrong folder should not wait for a network round trip.
  const localDrop = readDrop(resolve(drop));
  const sink = await openSink(flags.to, {
    endpoint: flags.endpoint,
    region: flags.region,
    volumes: volumesOptions(flags),
    s3,
  }).catch((err: unknown) => {
    // Ctrl-C while the store was being probed: nothing was sent yet.
    throw signal?.aborted ? new UploadCancelledError() : err;
  });
  const bar = uploadBar();
  try {
    return await uploadDrop(localDrop, sink, {
      concurrency,
      signal,
      onProgress: bar.update,
      overwrite: flags.overwrite,
    });
  } finally {
    bar.stop();
    await sink.close();
  }
}

/**
 * Bytes, files, rate and ETA on a terminal; elsewhere (CI, pipes) a plain line every few seconds
 * (IDGRAPH_PROGRESS) and one at the end.
 */
function uploadBar(): { update(p: UploadProgress): void; stop(): void } {
  const setting = progressSetting();
  if (setting === 'off') return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    const plain = plainProgress(setting);
    return {
      update(p) {
        if (p.phase !== 'uploading' || p.filesTotal === 0) return;
        const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
        plain.line(
          `idgraph: [upload] ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}, ${p.filesDone} of ${p.filesTotal} files (${pct}%)`,
        );
      },
      stop: plain.final,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'upload [{bar}] {percentage}% | {done}/{size} | {files} files | {rate}/s | {eta_formatted} left',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const startedAt = performance.now();
  return {
    update(p) {
      if (p.phase !== 'uploading' || p.filesTotal === 0) return;
      const payload = {
        done: formatBytes(p.bytesDone),
        size: formatBytes(p.bytesTotal),
        files: `${p.filesDone}/${p.filesTotal}`,
        rate: formatBytes(p.bytesDone / Math.max(0.001, (performance.now() - startedAt) / 1000)),
      };
      if (!started) {
        bar.start(p.bytesTotal, 0, payload);
        started = true;
      }
      bar.update(p.bytesDone, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function printUploadSummary(result: UploadResult, json: boolean): void {
  if (json) {
    print(JSON.stringify(result));
    return;
  }
  const rate = result.uploaded ? ` — ${formatBytes(result.bytes / Math.max(result.seconds, 0.001))}/s` : '';
  print(
    `uploaded ${result.uploaded} of ${result.files} files (${formatBytes(result.bytes)}) in ${result.seconds.toFixed(1)} s${rate}`,
  );
  if (result.skipped)
    print(
      `skipped ${result.skipped} files already staged with the same size and sha256 (${formatBytes(result.skippedBytes)})`,
    );
  print(
    `manifest${result.manifests.length > 1 ? 's' : ''} ${result.manifests.join(', ')} ${result.manifestsUploaded ? 'staged last' : 'already staged'} → ${result.target}`,
  );
}
