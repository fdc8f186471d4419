/** `mixedlm fit` and `mixedlm demo`: fit a formula model and print or save it. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '../errors.js';
import { readTable } from '../data/read.js';
import type { Table } from '../data/table.js';
import { MixedLM } from '../model/mixedlm.js';
import type { FitOptions } from '../model/mixedlm.js';
import type { FromFormulaOptions } from '../model/from-formula.js';
import type { MixedLMResults } from '../model/results.js';
import { randomEffectsCondVar } from '../model/condvar.js';
import { termEffects, varCorrTerms } from '../model/formula-results.js';
import { formatVarCorr } from '../model/varcorr.js';
import { progress, type CliIO } from './io.js';

/**
 * Parsed options of `mixedlm fit`.
 *
 * @example
 * ```ts
 * const o: FitCommandOptions = { formula: 'Reaction ~ Days + (Days | Subject)', ml: false, json: true, vc: [] };
 * ```
 */
export interface FitCommandOptions {
  formula: string;
  groups?: string;
  reFormula?: string;
  vc: string[];
  ml?: boolean;
  method?: string;
  missing?: string;
  json?: boolean;
  ranef?: string;
}

/**
 * `NAME=FORMULA` pairs → vc_formula object.
 *
 * @example
 * ```ts
 * parseVc(['cask=0 + C(cask)']); // { cask: '0 + C(cask)' }
 * ```
 */
export function parseVc(pairs: readonly string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const k = p.indexOf('=');
    if (k <= 0 || k === p.length - 1) throw new InvalidArgumentError('--vc', `expected NAME=FORMULA, got '${p}'`);
    out[p.slice(0, k).trim()] = p.slice(k + 1).trim();
  }
  return out;
}

/**
 * Fit with a TTY progress line; returns the results and the wall time.
 *
 * @example
 * ```ts
 * const { r, seconds } = timedFit(model, { reml: true }, processIO());
 * ```
 */
export function timedFit(model: MixedLM, fitOptions: FitOptions, io: CliIO): { r: MixedLMResults; seconds: number } {
  const p = progress(io);
  const t0 = performance.now();
  const r = model.fit({ ...fitOptions, onProgress: (info) => p.update(info) });
  const seconds = (performance.now() - t0) / 1000;
  p.done();
  return { r, seconds };
}

/**
 * Human-readable report: statsmodels summary, lme4 VarCorr table, warnings, time.
 *
 * @example
 * ```ts
 * io.out(humanReport(r, 0.04));
 * ```
 */
export function humanReport(r: MixedLMResults, seconds: number): string {
  const parts = [r.summary().replace(/\s*$/, '\n'), '\nRandom effects (lme4 VarCorr):\n', formatVarCorr(varCorrTerms(r), r.scale)];
  const ws = r.warnings.map((w) => `warning: ${w.message}\n`).join('');
  if (ws) parts.push(`\n${ws}`);
  parts.push(`\nFit time: ${seconds.toFixed(2)} s\n`);
  return parts.join('');
}

/**
 * `--json` object: `results.toJSON()` plus the fit time and the source.
 *
 * @example
 * ```ts
 * JSON.stringify(jsonReport(r, 0.04, { data: 'sleepstudy.csv' }));
 * ```
 */
export function jsonReport(r: MixedLMResults, seconds: number, source: Record<string, unknown>): Record<string, unknown> {
  return { ...r.toJSON(), fit_seconds: seconds, source };
}

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Conditional modes as CSV: group, term, level, value, condvar.
 *
 * @example
 * ```ts
 * writeFileSync('ranef.csv', ranefCsv(r));
 * ```
 */
export function ranefCsv(r: MixedLMResults): string {
  const cv = randomEffectsCondVar(r);
  const eff = termEffects(r, cv);
  const lines = [cv ? 'group,term,level,value,condvar' : 'group,term,level,value'];
  for (const e of eff) {
    e.levels.forEach((lev, l) => {
      e.names.forEach((nm, j) => {
        const row = [csvField(e.grp), csvField(nm), csvField(lev), String(e.values[l]![j]!)];
        if (e.condvar) row.push(String(e.condvar[l]![j]!));
        lines.push(row.join(','));
      });
    });
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `mixedlm fit DATA --formula F ...`.
 *
 * @example
 * ```ts
 * await fitCommand('data/Dyestuff.csv', { formula: 'Yield ~ 1 + (1 | Batch)', vc: [], json: true }, processIO());
 * ```
 */
export async function fitCommand(dataPath: string, o: FitCommandOptions, io: CliIO): Promise<void> {
  const table: Table = await readTable(dataPath);
  const ff: FromFormulaOptions = {};
  if (o.groups !== undefined) ff.groups = o.groups;
  if (o.reFormula !== undefined) ff.reFormula = o.reFormula;
  const vc = parseVc(o.vc);
  if (vc) ff.vcFormula = vc;
  if (o.missing !== undefined) {
    if (o.missing !== 'drop' && o.missing !== 'none') throw new InvalidArgumentError('--missing', `expected 'drop' or 'none', got '${o.missing}'`);
    ff.missing = o.missing;
  }
  const model = MixedLM.fromFormula(o.formula, table, ff);
  const fo: FitOptions = { reml: !o.ml };
  if (o.method) fo.method = o.method.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const { r, seconds } = timedFit(model, fo, io);
  if (o.ranef) writeFileSync(o.ranef, ranefCsv(r));
  if (o.json) {
    const source = { data: resolve(dataPath), formula: o.formula, groups: o.groups ?? null, re_formula: o.reFormula ?? null, vc_formula: vc ?? null, missing: o.missing ?? 'none', reml: !o.ml };
    io.out(`${JSON.stringify(jsonReport(r, seconds, source), null, 1)}\n`);
  } else io.out(humanReport(r, seconds));
}

/**
 * The bundled InstEval data (`data/InstEval.csv` of the package), resolved from this module's URL.
 *
 * @example
 * ```ts
 * readTableSync(bundledInstEval()).nrow; // 73421
 * ```
 */
export function bundledInstEval(): string {
  return decodeURIComponent(new URL('../../data/InstEval.csv', import.meta.url).pathname);
}

/**
 * Runs `mixedlm demo`: the crossed InstEval model, REML.
 *
 * @example
 * ```ts
 * await demoCommand({ rows: '10000' }, processIO());
 * ```
 */
export async function demoCommand(o: { rows?: string; json?: boolean }, io: CliIO): Promise<void> {
  let table = await readTable(bundledInstEval());
  if (o.rows !== undefined) {
    const n = Number(o.rows);
    if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError('--rows', `expected an integer ≥ 2, got '${o.rows}'`);
    table = table.take(Array.from({ length: Math.min(n, table.nrow) }, (_, i) => i));
  }
  const formula = 'y ~ service + (1 | s) + (1 | d) + (1 | dept)';
  io.err(`fitting ${formula} (REML) to ${table.nrow} rows of InstEval...\n`);
  const model = MixedLM.fromFormula(formula, table);
  const { r, seconds } = timedFit(model, { reml: true }, io);
  if (o.json) io.out(`${JSON.stringify(jsonReport(r, seconds, { data: 'InstEval', rows: table.nrow, formula }), null, 1)}\n`);
  else io.out(humanReport(r, seconds));
}
