import { Command } from 'commander';
import { sealStaging } from '../drop/seal.js';
import { openSink } from '../sinks/sink.js';
import { addDatabricksOptions, type DatabricksFlags, volumesOptions } from './databricks-flags.js';
import { print } from './output.js';
import { addEndpointOption } from './s3-flags.js';

interface SealFlags extends DatabricksFlags {
  endpoint?: string;
  region?: string;
  json?: boolean;
}

export function sealCommand(): Command {
  // The Databricks connection flags serve a /Volumes/… staging location, as with `upload`.
  return addEndpointOption(addDatabricksOptions(new Command('seal')))
    .description(
      'check that all N shard manifests of one run (and their files) are staged, then write the combined _manifest.json last',
    )
    .argument(
      '<staging>',
      's3://<bucket>/<prefix>, /Volumes/<catalog>/<schema>/<volume>/<path> or a local folder that the shards wrote into',
    )
    .option('--region <region>', "AWS region (default: AWS_REGION / the profile's region)")
    .option('--json', 'print the result as JSON')
    .action(async (staging: string, flags: SealFlags) => {
      const sink = await openSink(staging, {
        endpoint: flags.endpoint,
        region: flags.region,
        volumes: volumesOptions(flags),
      });
      try {
        const r = await sealStaging(sink);
        if (flags.json) print(JSON.stringify(r));
        else
          print(
            `${r.alreadySealed ? 'already sealed' : 'sealed'}: ${r.shards} shards, ${r.files} files, ${r.rows.toLocaleString('en-US')} rows → ${r.target}/_manifest.json`,
          );
      } finally {
        await sink.close();
      }
    });
}
