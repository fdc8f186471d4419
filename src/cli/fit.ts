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
import type { ConfIntOptions, IntervalRow } from '../model/inference/intervals.js';
import { randomEffectsCondVar } from '../model/inference/condvar.js';
import { termEffects, varCorrTerms } from '../model/formula-results.js';
import { formatVarCorr } from '../model/terms/varcorr.js';
import { progress, type CliIO } from './io.js';
import { engineFitCommand, isEngineRoute } from './engine-fit.js';

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
  /** Confidence intervals to add: 'wald', 'profile' or 'bootstrap'. */
  confInt?: string;
  level?: string;
  nboot?: string;
  seed?: string;
  /** `memory` (default) or `duckdb`; `clickhouse://` sources imply ClickHouse. */
  engine?: string;
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
  if (isEngineRoute(dataPath, o)) return engineFitCommand(dataPath, o, io);
  const { model, vc } = await modelFromOptions(dataPath, o);
  const { r, seconds } = timedFit(model, fitOptionsOf(o), io);
  const intervals = o.confInt === undefined ? null : r.confInt(confIntOptionsOf(o));
  if (o.ranef) writeFileSync(o.ranef, ranefCsv(r));
  if (o.json) {
    const source = { data: resolve(dataPath), formula: o.formula, groups: o.groups ?? null, re_formula: o.reFormula ?? null, vc_formula: vc ?? null, missing: o.missing ?? 'none', reml: !o.ml };
    const report = jsonReport(r, seconds, source);
    if (intervals) report.conf_int = { method: o.confInt, level: confIntOptionsOf(o).level, rows: intervals };
    io.out(`${JSON.stringify(report, null, 1)}\n`);
  } else {
    io.out(humanReport(r, seconds));
    if (intervals) io.out(`\n${intervalsTable(intervals, o.confInt!, confIntOptionsOf(o).level!)}`);
  }
}

/**
 * Reads the data file and builds the formula model described by the `fit` options.
 *
 * @example
 * ```ts
 * const { model } = await modelFromOptions('data/Dyestuff.csv', { formula: 'Yield ~ 1 + (1 | Batch)', vc: [] });
 * ```
 */
export async function modelFromOptions(dataPath: string, o: FitCommandOptions): Promise<{ model: MixedLM; table: Table; vc: Record<string, string> | undefined }> {
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
  return { model: MixedLM.fromFormula(o.formula, table, ff), table, vc };
}

/**
 * REML/ML and optimizer choice from the `fit` options.
 *
 * @example
 * ```ts
 * fitOptionsOf({ formula: 'y ~ 1 + (1|g)', vc: [], ml: true }); // { reml: false }
 * ```
 */
export function fitOptionsOf(o: FitCommandOptions): FitOptions {
  const fo: FitOptions = { reml: !o.ml };
  if (o.method) fo.method = o.method.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return fo;
}

function numberOption(name: string, text: string | undefined, fallback: number, ok: (v: number) => boolean, expected: string): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || !ok(v)) throw new InvalidArgumentError(name, `expected ${expected}, got '${text}'`);
  return v;
}

/**
 * `--conf-int METHOD [--level P] [--nboot N] [--seed S]` → `results.confInt` options.
 *
 * @example
 * ```ts
 * confIntOptionsOf({ formula: 'y ~ 1 + (1|g)', vc: [], confInt: 'profile', level: '0.9' }); // { method: 'profile', level: 0.9, ... }
 * ```
 */
export function confIntOptionsOf(o: FitCommandOptions): ConfIntOptions {
  const method = o.confInt;
  if (method !== 'wald' && method !== 'profile' && method !== 'bootstrap') {
    throw new InvalidArgumentError('--conf-int', `expected wald, profile or bootstrap, got '${String(method)}'`);
  }
  return {
    method,
    level: numberOption('--level', o.level, 0.95, (v) => v > 0 && v < 1, 'a number in (0, 1)'),
    nBoot: numberOption('--nboot', o.nboot, 200, (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2'),
    seed: numberOption('--seed', o.seed, 0, (v) => Number.isInteger(v), 'an integer'),
  };
}

/**
 * Interval rows as an aligned text table.
 *
 * @example
 * ```ts
 * intervalsTable([{ name: 'Days', estimate: 10.47, lower: 7.36, upper: 13.58 }], 'profile', 0.95);
 * ```
 */
export function intervalsTable(rows: IntervalRow[], method: string, level: number): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : '');
  const cells = rows.map((r) => [r.name, f(r.estimate), f(r.lower), f(r.upper)]);
  const head = ['', 'estimate', `lower ${level}`, `upper ${level}`];
  const w = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j]!.length)));
  const line = (c: string[]): string => c.map((x, j) => (j === 0 ? x.padEnd(w[j]!) : x.padStart(w[j]!))).join('  ');
  return [`Confidence intervals (${method}):`, line(head), ...cells.map(line)].join('\n') + '\n';
}

/**
 * Runs `mixedlm simulate DATA --formula F ... [--nsim N] [--seed S] [-o FILE]`: fits the
 * model, then writes `nsim` simulated responses per used row as CSV columns `sim_1..`.
 *
 * @example
 * ```ts
 * await simulateCommand('data/sleepstudy.csv', { formula: 'Reaction ~ Days + (Days | Subject)', vc: [], nsim: '2', seed: '1' }, processIO());
 * ```
 */
export async function simulateCommand(dataPath: string, o: FitCommandOptions & { nsim?: string; output?: string }, io: CliIO): Promise<void> {
  const nsim = numberOption('--nsim', o.nsim, 1, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  const seed = numberOption('--seed', o.seed, 0, (v) => Number.isInteger(v), 'an integer');
  const { model } = await modelFromOptions(dataPath, o);
  const { r } = timedFit(model, fitOptionsOf(o), io);
  // replicate k uses seed + k so that --nsim 1 --seed s reproduces column k of a larger run
  const sims = Array.from({ length: nsim }, (_, k) => r.simulate({ seed: seed + k }));
  const header = Array.from({ length: nsim }, (_, k) => `sim_${k + 1}`).join(',');
  const lines = [header];
  for (let i = 0; i < model.nobs; i++) lines.push(sims.map((y) => String(y[i])).join(','));
  const csv = `${lines.join('\n')}\n`;
  if (o.output) writeFileSync(o.output, csv);
  else io.out(csv);
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
