import * as p from '@clack/prompts';
import {
  type Answers,
  configProblems,
  destProblems,
  fieldProblem,
  getValue,
  normalisedWeights,
  parseValue,
  resolvedConfig,
  setValue,
  showValue,
} from '../init/answers.js';
import { CancelledError } from '../errors.js';
import { estimate, measureRates, type Rates, ratesKey, SAMPLE_HOUSEHOLDS } from '../init/estimate.js';
import { type Field, HOUSEHOLD_PRESETS, STEPS } from '../init/steps.js';
import { formatBytes, formatTable } from './output.js';

/** Ctrl-C or Esc in any prompt: the wizard stops and writes nothing. */
export class WizardCancelled extends Error {}

function answered<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) throw new WizardCancelled('cancelled');
  return value as Exclude<T, symbol>;
}

const compact = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}K` : String(n));

async function askHouseholds(a: Answers, field: Field): Promise<void> {
  const current = Number(getValue(a, field.path));
  const preset = answered(
    await p.select<number | 'custom'>({
      message: field.label,
      options: [
        ...HOUSEHOLD_PRESETS.map((n) => ({ value: n as number | 'custom', label: compact(n) })),
        { value: 'custom', label: 'another number' },
      ],
      initialValue: (HOUSEHOLD_PRESETS as readonly number[]).includes(current) ? current : 'custom',
    }),
  );
  if (preset !== 'custom') return setValue(a, field.path, preset);
  await askText(a, { ...field, kind: 'integer', label: 'Households (a whole number)' });
}

const EXAMPLES: Record<string, string> = {
  s3: 's3://bucket/prefix',
  volume: '/Volumes/main/synthetic_data/staging/run-1',
};

async function askText(a: Answers, field: Field): Promise<void> {
  let shown = showValue(field, getValue(a, field.path));
  // A location that does not fit the chosen kind (./out after choosing S3) is no default.
  if (field.path === 'dest.location' && fieldProblem(a, field, shown)) shown = '';
  const text = answered(
    await p.text({
      message: field.optional && shown !== '' ? `${field.label} ('-' clears)` : field.label,
      placeholder:
        shown === '' ? (EXAMPLES[a.dest.kind] && field.path === 'dest.location' ? EXAMPLES[a.dest.kind] : '') : shown,
      defaultValue: shown,
      // Empty keeps the current value; anything typed goes through the config schema.
      validate: (t) => {
        if (!t || t.trim() === '') return shown === '' && !field.optional ? 'an answer is needed here' : undefined;
        if (field.optional && t.trim() === '-') return undefined;
        return fieldProblem(a, field, t);
      },
    }),
  );
  // Cleared: an empty destination value, or an optional config setting left out.
  if (field.optional && text.trim() === '-')
    return setValue(a, field.path, field.path.startsWith('dest.') ? '' : undefined);
  if (text.trim() === '') return;
  let value = parseValue(field, text);
  if (field.kind === 'weights') {
    const scaled = normalisedWeights(value as Record<string, number>);
    if (scaled) {
      p.log.info(`Weights do not sum to 1; used as shares: ${showValue(field, scaled)}`);
      value = scaled;
    }
  }
  setValue(a, field.path, value);
}

async function ask(a: Answers, field: Field): Promise<void> {
  if (field.kind === 'households') return askHouseholds(a, field);
  if (field.kind === 'choice') {
    const value = answered(
      await p.select<string>({
        message: field.label,
        options: (field.choices ?? []).map((c) => ({ value: c, label: c })),
        initialValue: String(getValue(a, field.path)),
      }),
    );
    return setValue(a, field.path, value);
  }
  if (field.path === 'dest.schema' && a.dest.catalog === '') return setValue(a, field.path, '');
  return askText(a, field);
}

/** Rows per table, Parquet size and time for the chosen scale, from rates measured on this machine. */
class LiveEstimate {
  private rates?: Rates;
  private key = '';

  async show(a: Answers): Promise<string> {
    const config = resolvedConfig(a);
    if (ratesKey(config) !== this.key) {
      // Ctrl-C while measuring stops the sample generation (its temporary folder is removed).
      // No clack spinner here: it exits the process with status 0 on Ctrl-C.
      const stop = new AbortController();
      const onInterrupt = () => stop.abort();
      process.once('SIGINT', onInterrupt);
      p.log.info(`Measuring a ${SAMPLE_HOUSEHOLDS}-household sample on this machine…`);
      try {
        this.rates = await measureRates(config, stop.signal);
      } catch (err) {
        if (err instanceof CancelledError || stop.signal.aborted) throw new WizardCancelled('cancelled');
        throw err;
      } finally {
        process.removeListener('SIGINT', onInterrupt);
      }
      this.key = ratesKey(config);
    }
    const e = estimate(this.rates!, config.households);
    const table = formatTable(
      ['table', 'rows'],
      Object.entries(e.rows).map(([t, n]) => [t, Math.round(n).toLocaleString('en-US')]),
    );
    const secs = e.seconds < 90 ? `${e.seconds.toFixed(0)} s` : `${(e.seconds / 60).toFixed(1)} min`;
    return `${table}\nParquet ≈ ${formatBytes(e.bytes)}; generation ≈ ${secs} on this machine (${e.workers} workers)`;
  }
}

/** Every answer, step by step, for the review. */
function choices(a: Answers): string {
  return STEPS.flatMap((step) => [
    step.title,
    ...step.fields
      .filter((f) => !(f.optional && (getValue(a, f.path) ?? '') === ''))
      .map((f) => `  ${f.label.replace(/ \(.*\)$/, '')}: ${showValue(f, getValue(a, f.path))}`),
  ]).join('\n');
}

/** Walks the steps in order; after each, a live estimate and the choice to go on or back. */
export async function runWizard(a: Answers, file: string): Promise<Answers> {
  const live = new LiveEstimate();
  let i = 0;
  for (;;) {
    if (i === STEPS.length) {
      const summary = `${choices(a)}\n\n${await live.show(a)}\n\nconfig file: ${file}`;
      p.note(summary, `Review (${STEPS.length + 1}/${STEPS.length + 1})`);
      const go = answered(
        await p.select<string>({
          message: 'Write the config?',
          options: [
            { value: 'write', label: `Write ${file}` },
            { value: 'back', label: `Back to ${STEPS[i - 1].title}` },
          ],
        }),
      );
      if (go === 'write') return a;
      i--;
      continue;
    }
    const step = STEPS[i];
    p.log.step(`${step.title} (${i + 1}/${STEPS.length + 1})${step.note ? `\n${step.note}` : ''}`);
    for (const field of step.fields) await ask(a, field);
    const problems = step.id === 'output' ? destProblems(a) : configProblems(a);
    if (problems.length) {
      p.log.error(`Please fix: ${problems.join('; ')}`);
      continue;
    }
    if (step.id !== 'output') p.note(await live.show(a), 'Estimate');
    const next = STEPS[i + 1]?.title ?? 'Review';
    const options = [{ value: 'next', label: `Continue to ${next}` }];
    if (i > 0) options.push({ value: 'back', label: `Back to ${STEPS[i - 1].title}` });
    const nav = answered(await p.select<string>({ message: 'Next', options }));
    i += nav === 'next' ? 1 : -1;
  }
}
