import type { Destination } from './answers.js';

/** A shell word: left bare when safe, single-quoted otherwise. */
export const shellWord = (s: string): string => (/^[\w./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The exact commands that use the written config, for the chosen destination. */
export function nextCommands(configFile: string, d: Destination): string[] {
  const c = shellWord(configFile);
  const databricks = d.catalog !== '' && d.schema !== '';
  const load = (from: string) =>
    `npx idgraph load --engine databricks --from ${shellWord(from)} --catalog ${d.catalog} --schema ${d.schema} --warehouse <warehouse-id>`;
  if (d.kind === 'folder') {
    const out = shellWord(d.location);
    const lines = [
      `npx idgraph run -c ${c} --out ${out}`,
      `npx idgraph report --db ${shellWord(`${d.location.replace(/\/+$/, '')}/idgraph.duckdb`)}`,
    ];
    if (databricks)
      lines.push(
        `npx idgraph upload ${out} --to /Volumes/${d.catalog}/${d.schema}/<volume>/<path>`,
        load(`/Volumes/${d.catalog}/${d.schema}/<volume>/<path>`),
      );
    return lines;
  }
  const lines = [`npx idgraph generate -c ${c} --to ${shellWord(d.location)}`];
  if (databricks) lines.push(load(d.location));
  return lines;
}
