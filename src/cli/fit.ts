/** `mixedlm fit` and `mixedlm demo`: fit a formula model and print or save it. */
import { resolve } from 'node:path';
import { FitAbortedError, InvalidArgumentError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readTable } from '../data/read.js';
import type { Table } from '../data/table.js';
import { MixedLM } from '../model/mixedlm.js';
import type { FitOptions } from '../model/mixedlm.js';
import type { FromFormulaOptions } from '../model/from-formula.js';
import type { MixedLMResults } from '../model/results.js';
import type { ConfIntOptions, IntervalRow } from '../model/inference/intervals.js';
import { randomEffectsCondVar } from '../model/inference/condvar.js';
import { fitToJSON, termEffects, varCorrTerms } from '../model/formula-results.js';
import { formatVarCorr } from '../model/terms/varcorr.js';
import { progress, readProgress, writeFilesAtomically, type CliIO } from './io.js';
import { engineModel, engineRanefCsv, engineSource, isEngineRoute } from './engine-fit.js';
import { anovaJson, anovaText, anovaTypeOption, coefTableJson, coefTableText, ddfOption } from './inference.js';

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
  /** Write the full saved fit (what `predict` and `compare` read) to this file. */
  save?: string;
  ranef?: string;
  /** Confidence intervals to add: 'wald', 'profile' or 'bootstrap'. */
  confInt?: string;
  level?: string;
  nboot?: string;
  seed?: string;
  /** Denominator df of the fixed-effects t tests: satterthwaite, kenward-roger, residual, none. */
  ddf?: string;
  /** Add an ANOVA table of this type (1, 2, 3). */
  anova?: string;
  /** Iteration limit per optimizer (a fit that reaches it ends with a `not-converged` warning). */
  maxiter?: string;
  /** Wall-time limit in seconds: the fit stops with exit code 3 and writes no output. */
  timeout?: string;
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
export function timedFit(model: MixedLM, fitOptions: FitOptions, io: CliIO, timeoutSeconds?: number): { r: MixedLMResults; seconds: number } {
  const p = progress(io);
  const t0 = performance.now();
  try {
    const r = model.fit({
      ...fitOptions,
      onProgress: (info) => {
        p.update(info);
        // the fit is synchronous: the time limit is checked after every objective evaluation
        if (timeoutSeconds !== undefined && info.elapsedSeconds > timeoutSeconds) throw new FitAbortedError(info.evaluations, info.elapsedSeconds, 'timeout');
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    return { r, seconds };
  } finally {
    p.done();
  }
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
  const ws = r.warnings.map((w) => `warning [${w.code}]: ${w.message}\n`).join('');
  if (ws) parts.push(`\n${ws}`);
  parts.push(`\nFit time: ${seconds.toFixed(2)} s\n`);
  return parts.join('');
}

/**
 * The saved fit (`--save`): `results.toJSON()` (with what prediction needs)
 * plus the fit time and the source that `compare` refits from.
 *
 * @example
 * ```ts
 * JSON.stringify(jsonReport(r, 0.04, { data: 'sleepstudy.csv' }));
 * ```
 */
export function jsonReport(r: MixedLMResults, seconds: number, source: Record<string, unknown>): Record<string, unknown> {
  return { ...r.toJSON(), fit_seconds: seconds, source };
}

/**
 * The `--json` object: the results only (estimates, standard errors,
 * likelihood, variance components, warnings, fit time, source), a few KB
 * whatever the number of groups; the saved model is left to `--save`.
 *
 * @example
 * ```ts
 * resultsReport(r, 0.04, { data: 'sleepstudy.csv' }).llf;
 * ```
 */
export function resultsReport(r: MixedLMResults, seconds: number, source: Record<string, unknown>): Record<string, unknown> {
  const j: Record<string, unknown> = { ...fitToJSON(r, { model: false }), fit_seconds: seconds, source };
  // how the sparse solver factored the inner matrix (path, predicted flops and fill); null on the per-group solver
  j.factorization = r.factorization;
  delete j.model;
  delete j.format; // not a saved fit: predict refuses it by this
  return j;
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
  // every option value is checked before the data are read
  const fo = fitOptionsOf(o);
  const timeout = timeoutOf(o);
  if (o.confInt === undefined) {
    const stray = (['level', 'nboot', 'seed'] as const).find((k) => o[k] !== undefined);
    if (stray) throw new InvalidArgumentError(`--${stray}`, 'is used only with --conf-int (wald, profile or bootstrap)');
  }
  const ciOptions = o.confInt === undefined ? null : confIntOptionsOf(o);
  if (o.ranef !== undefined && o.ranef.trim() === '') throw new InvalidArgumentError('--ranef', 'expected a file name, got an empty string');
  if (o.save !== undefined && o.save.trim() === '') throw new InvalidArgumentError('--save', 'expected a file name, got an empty string');
  const { model, vc } = await modelFromOptions(dataPath, o, io);
  const { r, seconds } = timedFit(model, fo, io, timeout);
  // the bootstrap is run directly so that its failure and boundary counts reach the output
  const boot = ciOptions?.method === 'bootstrap' ? r.bootstrap(ciOptions.nBoot!, { seed: ciOptions.seed!, level: ciOptions.level! }) : null;
  const intervals = ciOptions === null ? null : boot ? boot.intervals : r.confInt(ciOptions);
  const bootCounts = boot ? { replicates: ciOptions!.nBoot!, failed: boot.nFailed, not_converged: boot.nNotConverged, at_boundary: boot.nAtBoundary, warnings: boot.warnings } : {};
  const ddf = o.ddf === undefined ? undefined : ddfOption(o.ddf);
  const anovaType = o.anova === undefined ? undefined : anovaTypeOption(o.anova);
  const coefRows = ddf === undefined ? null : r.coefTable({ ddf });
  const anovaRows = anovaType === undefined ? null : r.anova({ type: anovaType, ...(ddf ? { ddf } : {}) });
  const anovaDdf = ddf ?? (r.model.formula?.dialect === 'lme4' ? 'satterthwaite' : 'none');
  const engine = isEngineRoute(dataPath, o);
  const source = { data: engine ? engineSource(dataPath) : resolve(dataPath), ...(o.engine ? { engine: o.engine } : {}), formula: o.formula, groups: o.groups ?? null, re_formula: o.reFormula ?? null, vc_formula: vc ?? null, missing: o.missing ?? (engine ? 'drop' : 'none'), reml: !o.ml };
  const extras = (report: Record<string, unknown>): void => {
    if (intervals) report.conf_int = { method: o.confInt, level: ciOptions!.level, rows: intervals, ...bootCounts };
    if (coefRows) report.coef_table = coefTableJson(coefRows);
    if (anovaRows) report.anova = anovaJson(anovaRows);
  };
  // every output is computed before any file is written, and files appear whole (temp + rename)
  const files: [string, string][] = [];
  if (o.ranef) files.push([o.ranef, engineRanefCsv(r) ?? ranefCsv(r)]);
  if (o.save) {
    const saved = jsonReport(r, seconds, source);
    extras(saved);
    files.push([o.save, `${JSON.stringify(saved)}\n`]);
  }
  let text: string;
  if (o.json) {
    const report = resultsReport(r, seconds, source);
    extras(report);
    text = `${JSON.stringify(report, null, 1)}\n`;
  } else {
    text = humanReport(r, seconds);
    if (coefRows) text += `\n${coefTableText(coefRows, ddf!)}`;
    if (anovaRows) text += `\n${anovaText(anovaRows, anovaType!, anovaDdf)}`;
    if (intervals) text += `\n${intervalsTable(intervals, o.confInt!, ciOptions!.level!)}`;
    if (boot) {
      text += `bootstrap: ${ciOptions!.nBoot} replicates, ${boot.nFailed} failed, ${boot.nNotConverged} not converged, ${boot.nAtBoundary} singular (a variance at zero)\n`;
      for (const w of boot.warnings) text += `warning [${w.code}]: ${w.message}\n`;
    }
  }
  writeFilesAtomically(files);
  io.out(text);
}

/**
 * Reads the data file and builds the formula model described by the `fit` options.
 *
 * @example
 * ```ts
 * const { model } = await modelFromOptions('data/Dyestuff.csv', { formula: 'Yield ~ 1 + (1 | Batch)', vc: [] });
 * ```
 */
export async function modelFromOptions(dataPath: string, o: FitCommandOptions, io?: CliIO): Promise<{ model: MixedLM; table: Table | null; vc: Record<string, string> | undefined }> {
  // --engine duckdb / clickhouse://: the engine aggregates [Z X y]ᵀ[Z X y]; the model fits from it (no rows in Node)
  if (isEngineRoute(dataPath, o)) return { model: await engineModel(dataPath, o, io), table: null, vc: undefined };
  const shown = io ? readProgress(io, dataPath) : null;
  let table: Table;
  try {
    table = await readTable(dataPath, shown ? { onProgress: (p) => shown.update(p) } : {});
  } finally {
    shown?.done();
  }
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
  if (o.method !== undefined) {
    const names = o.method.split(',').map((s) => s.trim());
    const known = ['bfgs', 'lbfgs', 'cg', 'nm'];
    const bad = names.find((s) => !known.includes(s.toLowerCase()));
    if (bad !== undefined) throw new InvalidArgumentError('--method', `expected comma-separated optimizers from ${known.join(', ')}, got '${o.method}'${bad === '' ? ' (an empty name)' : ` ('${bad}' is unknown)`}`);
    fo.method = names;
  }
  if (o.maxiter !== undefined) fo.maxiter = numberOption('--maxiter', o.maxiter, 0, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  return fo;
}

/**
 * `--timeout SECONDS` (a positive number), or undefined.
 *
 * @example
 * ```ts
 * timeoutOf({ formula: 'y ~ 1 + (1|g)', vc: [], timeout: '30' }); // 30
 * ```
 */
export function timeoutOf(o: FitCommandOptions): number | undefined {
  if (o.timeout === undefined) return undefined;
  return numberOption('--timeout', o.timeout, 0, (v) => v > 0, 'a positive number of seconds');
}

function numberOption(name: string, text: string | undefined, fallback: number, ok: (v: number) => boolean, expected: string): number {
  if (text === undefined) return fallback;
  const v = text.trim() === '' ? NaN : Number(text);
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
  const fo = fitOptionsOf(o);
  const timeout = timeoutOf(o);
  if (o.output !== undefined && o.output.trim() === '') throw new InvalidArgumentError('--output', 'expected a file name, got an empty string');
  const { model } = await modelFromOptions(dataPath, o, io);
  const { r } = timedFit(model, fo, io, timeout);
  // replicate k uses seed + k so that --nsim 1 --seed s reproduces column k of a larger run
  const sims = Array.from({ length: nsim }, (_, k) => r.simulate({ seed: seed + k }));
  const header = Array.from({ length: nsim }, (_, k) => `sim_${k + 1}`).join(',');
  const lines = [header];
  for (let i = 0; i < model.nobs; i++) lines.push(sims.map((y) => String(y[i])).join(','));
  const csv = `${lines.join('\n')}\n`;
  if (o.output) writeFileAtomic(o.output, csv);
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
export async function demoCommand(o: { rows?: string; json?: boolean; save?: string }, io: CliIO): Promise<void> {
  const n = o.rows === undefined ? null : o.rows.trim() === '' ? NaN : Number(o.rows);
  if (n !== null && (!Number.isInteger(n) || n < 2)) throw new InvalidArgumentError('--rows', `expected an integer ≥ 2, got '${o.rows}'`);
  let table = await readTable(bundledInstEval());
  if (n !== null) table = table.take(Array.from({ length: Math.min(n, table.nrow) }, (_, i) => i));
  const formula = 'y ~ service + (1 | s) + (1 | d) + (1 | dept)';
  io.err(`fitting ${formula} (REML) to ${table.nrow} rows of InstEval...\n`);
  const model = MixedLM.fromFormula(formula, table);
  const { r, seconds } = timedFit(model, { reml: true }, io);
  const source = { data: 'InstEval', rows: table.nrow, formula };
  if (o.save) writeFilesAtomically([[o.save, `${JSON.stringify(jsonReport(r, seconds, source))}\n`]]);
  if (o.json) io.out(`${JSON.stringify(resultsReport(r, seconds, source), null, 1)}\n`);
  else io.out(humanReport(r, seconds));
}
