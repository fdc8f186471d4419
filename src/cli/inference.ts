/** `fit --ddf METHOD` / `fit --anova TYPE` and `mixedlm anova SAVED_FIT`: t and F tests with denominator df. */
import { readFileSync } from 'node:fs';
import { DataError, InvalidArgumentError } from '../errors.js';
import { readTable } from '../data/read.js';
import { MixedLM } from '../model/mixedlm.js';
import type { FromFormulaOptions } from '../model/from-formula.js';
import type { MixedLMResults } from '../model/results.js';
import type { CoefRow, DdfMethod } from '../model/inference/contrasts.js';
import type { AnovaRow } from '../model/inference/anova.js';
import type { CliIO } from './io.js';
import { formatAnova, formatCoefTable } from '../model/inference/format.js';

const DDF: Record<string, DdfMethod> = {
  satterthwaite: 'satterthwaite',
  'kenward-roger': 'kenward-roger',
  kr: 'kenward-roger',
  residual: 'residual',
  none: 'none',
};

/**
 * `--ddf` text → method (typed error naming the option).
 *
 * @example
 * ```ts
 * ddfOption('kenward-roger'); // 'kenward-roger'
 * ```
 */
export function ddfOption(text: string): DdfMethod {
  const m = DDF[text.toLowerCase()];
  if (!m) throw new InvalidArgumentError('--ddf', `expected satterthwaite, kenward-roger, residual or none, got '${text}'`);
  return m;
}

/**
 * `--anova`/`--type` text → 1 | 2 | 3.
 *
 * @example
 * ```ts
 * anovaTypeOption('3'); // 3
 * ```
 */
export function anovaTypeOption(text: string, name = '--anova'): 1 | 2 | 3 {
  const t = text.toUpperCase();
  const v = t === 'I' ? 1 : t === 'II' ? 2 : t === 'III' ? 3 : Number(text);
  if (v !== 1 && v !== 2 && v !== 3) throw new InvalidArgumentError(name, `expected 1, 2 or 3, got '${text}'`);
  return v;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The fixed-effects table with df and p-values as text.
 *
 * @example
 * ```ts
 * io.out(coefTableText(r.coefTable({ ddf: 'satterthwaite' }), 'satterthwaite'));
 * ```
 */
export const coefTableText = formatCoefTable;

/**
 * An ANOVA table as text.
 *
 * @example
 * ```ts
 * io.out(anovaText(r.anova({ type: 3 }), 3, 'satterthwaite'));
 * ```
 */
export const anovaText = formatAnova;

/**
 * `coef_table` rows for `--json` (non-finite numbers → null).
 *
 * @example
 * ```ts
 * coefTableJson(r.coefTable({ ddf: 'kenward-roger' }));
 * ```
 */
export function coefTableJson(rows: CoefRow[]): Array<Record<string, string | number | null>> {
  return rows.map((r) => ({ name: r.name, estimate: num(r.estimate), se: num(r.se), df: num(r.df), t: num(r.t), p: num(r.p) }));
}

/**
 * `anova` rows for `--json`.
 *
 * @example
 * ```ts
 * anovaJson(r.anova({ type: 3 }));
 * ```
 */
export function anovaJson(rows: AnovaRow[]): Array<Record<string, string | number | null>> {
  return rows.map((r) => ({ term: r.term, num_df: r.numDf, den_df: num(r.denDf), F: num(r.F), p: num(r.p) }));
}

interface Source {
  data?: unknown;
  formula?: unknown;
  groups?: unknown;
  re_formula?: unknown;
  vc_formula?: unknown;
  missing?: unknown;
  reml?: unknown;
}

/**
 * Refits a saved fit from the `source` it records (data file, formula, options, REML/ML).
 *
 * @example
 * ```ts
 * const r = await refitSaved('fit.json');
 * ```
 */
export async function refitSaved(path: string): Promise<MixedLMResults> {
  let j: { source?: Source };
  try {
    j = JSON.parse(readFileSync(path, 'utf8')) as { source?: Source };
  } catch (e) {
    throw new DataError(`cannot read the saved fit '${path}': ${(e as Error).message}`, { row: -1 });
  }
  const s = j.source;
  if (!s || typeof s.data !== 'string' || typeof s.formula !== 'string')
    throw new InvalidArgumentError('FIT', `'${path}' records no source (data file and formula); save it with 'mixedlm fit --json'`);
  const o: FromFormulaOptions = {};
  if (typeof s.groups === 'string') o.groups = s.groups;
  if (typeof s.re_formula === 'string') o.reFormula = s.re_formula;
  if (s.vc_formula && typeof s.vc_formula === 'object') o.vcFormula = s.vc_formula as Record<string, string>;
  if (s.missing === 'drop' || s.missing === 'none') o.missing = s.missing;
  const t = await readTable(s.data);
  return MixedLM.fromFormula(s.formula, t, o).fit({ reml: s.reml !== false });
}

/**
 * Runs `mixedlm anova SAVED_FIT [--type 3] [--ddf METHOD] [--json]`.
 *
 * @example
 * ```ts
 * await anovaCommand('fit.json', { type: '3', ddf: 'kenward-roger' }, processIO());
 * ```
 */
export async function anovaCommand(path: string, o: { type?: string; ddf?: string; json?: boolean }, io: CliIO): Promise<void> {
  const type = anovaTypeOption(o.type ?? '3', '--type');
  const ddfGiven = o.ddf === undefined ? undefined : ddfOption(o.ddf);
  const r = await refitSaved(path);
  const ddf = ddfGiven ?? (r.model.formula?.dialect === 'lme4' ? 'satterthwaite' : 'none');
  const rows = r.anova({ type, ddf });
  if (o.json) io.out(`${JSON.stringify({ type, ddf, anova: anovaJson(rows) }, null, 1)}\n`);
  else io.out(anovaText(rows, type, ddf));
}
