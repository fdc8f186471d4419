/**
 * Formula-level views of a fit: lme4's VarCorr terms, conditional modes by
 * term and level, prediction on new data, simulation, and a JSON form that
 * `MixedLMResults.fromJSON` reloads for prediction.
 */
import { vcColumnKeys } from './terms/vcspec.js';
import { DataError, InvalidArgumentError } from '../errors.js';
import { dataFingerprint, type DataFingerprint } from './fingerprint.js';
import type { MixedLMWarning } from './warnings.js';
import { toTable, type Table, type TableInput } from '../data/table.js';
import { groupingFactor } from '../formula/grouping.js';
import { evaluateVcFormula } from '../formula/vc.js';
import { formulaInfoToJSON, type FormulaModelInfo, type FormulaModelJSON, type RandomTermInfo, type TermEffects } from './terms/formula-spec.js';
import { MixedLMParams } from './terms/params.js';
import type { GroupLabel } from './prepare.js';
import type { MixedLMResults } from './results.js';
import { normalRng } from './inference/simulate.js';
import { varCorrRows, type VarCorrRow, type VarCorrTerm } from './terms/varcorr.js';

/**
 * Options of formula prediction.
 *
 * @example
 * ```ts
 * r.predict(newRows, { newLevels: 'population' });
 * ```
 */
export interface PredictOptions {
  /** Add the conditional modes of the random effects (default true). */
  includeRandom?: boolean;
  /** A level of a grouping factor not seen in the fit: `'error'` (default, DataError) or `'population'` (contributes 0). */
  newLevels?: 'error' | 'population';
}

/**
 * Options of `MixedLMResults.simulate`.
 *
 * @example
 * ```ts
 * r.simulate({ seed: 1, useRandomEffects: true });
 * ```
 */
export interface SimulateOptions {
  seed?: number;
  /** Parameters on the data scale replacing the fitted ones (any subset). */
  newParams?: { feParams?: number[]; covRe?: number[][]; vcomp?: number[]; scale?: number };
  /** Condition on the conditional modes (true) instead of redrawing the random effects (false, default). */
  useRandomEffects?: boolean;
}

/**
 * Version of the saved-fit format written by `toJSON` and read by `fromJSON`
 * (2: designs saved as `DesignInfo` JSON, exact for stateful transforms;
 * 3: structured warnings `{code, message, …}` and a `data` fingerprint).
 * `fromJSON` reads versions 2 and 3.
 *
 * @example
 * ```ts
 * r.toJSON().version === FIT_JSON_VERSION; // true
 * ```
 */
export const FIT_JSON_VERSION = 3;

/**
 * The saved form of a fit (`MixedLMResults.toJSON()`), also the CLI's `--json`.
 *
 * @example
 * ```ts
 * const j: FitJSON = r.toJSON(); j.varcorr.at(-1)?.grp; // 'Residual'
 * ```
 */
export interface FitJSON {
  format: 'mixedlm-fit';
  version: 2 | 3;
  method: 'REML' | 'ML';
  converged: boolean;
  nobs: number;
  n_groups: number;
  endog_name: string;
  param_names: string[];
  params: (number | null)[];
  fe_params: Record<string, number | null>;
  bse_fe: Record<string, number | null>;
  scale: number | null;
  llf: number | null;
  aic: number | null;
  bic: number | null;
  cov_re: { names: string[]; matrix: (number | null)[][] };
  vcomp: Record<string, number | null>;
  varcorr: Array<{ grp: string; var1: string | null; var2: string | null; vcov: number | null; sdcor: number | null }>;
  /** Structured warnings (version 3; version 2 saved the messages only). */
  warnings: MixedLMWarning[] | string[];
  /** checkConv-style diagnostics (see `MixedLMResults.convergence`); absent in older saved fits */
  convergence?: { names: string[]; gradient: Array<number | null>; scaled_gradient: Array<number | null>; max_scaled_gradient: number | null; hessian_eigenvalues: Array<number | null>; at_boundary: string[]; tolerance: number } | null;
  /** Fingerprint of the data the fit was made from (version 3). */
  data?: DataFingerprint;
  /** What prediction on new data needs (formula models only). */
  model: (FormulaModelJSON & { feParams: number[]; effects: TermEffects[] }) | null;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** make.unique: the second `Subject` becomes `Subject.1`. */
function makeUnique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let out = n;
    for (let k = 1; seen.has(out); k++) out = `${n}.${k}`;
    seen.add(out);
    return out;
  });
}

/**
 * The random terms of a fit as lme4's VarCorr sees them: ordered by
 * decreasing number of levels (stable), repeated groupings made unique
 * (`Subject`, `Subject.1`). Models not built from a formula: the exog_re
 * block (grp `Group`) then one term per variance component.
 *
 * @example
 * ```ts
 * formatVarCorr(varCorrTerms(r), r.scale);
 * ```
 */
export function varCorrTerms(r: MixedLMResults): VarCorrTerm[] {
  const m = r.model;
  const info = m.formula;
  let terms: { grp: string; names: string[]; cov: number[][]; n: number }[];
  if (!info) {
    terms = [];
    // a grouped model from cross products: its one term's group and column names
    const ct = m.crossTerms?.length === 1 && m.kRe > 0 ? m.crossTerms[0]! : null;
    if (m.kRe > 0) terms.push({ grp: ct ? ct.group : 'Group', names: ct ? ct.columns.slice() : m.exogReNames.slice(), cov: r.covRe, n: m.nGroups });
    m.exogVc.names.forEach((v, k) => terms.push({ grp: v, names: m.vcDims[k] === 1 ? ['(Intercept)'] : m.exogVc.columns[k]!.slice(), cov: r.vcCov(k), n: 0 }));
    return terms.map(({ grp, names, cov }) => ({ grp, names, cov }));
  }
  terms = info.random.map((t) => ({
    grp: t.grp,
    names: t.names.slice(),
    cov: t.kind === 're' ? r.covRe.map((row) => row.slice()) : r.vcCov(t.vcIndex),
    n: t.nLevels,
  }));
  const order = terms.map((_, i) => i).sort((a, b) => terms[b]!.n - terms[a]!.n || a - b);
  const sorted = order.map((i) => terms[i]!);
  const grps = makeUnique(sorted.map((t) => t.grp));
  return sorted.map((t, i) => ({ grp: grps[i]!, names: t.names, cov: t.cov }));
}

/**
 * Rows of lme4's `as.data.frame(VarCorr(fit))` for a fit.
 *
 * @example
 * ```ts
 * varCorrOf(r).at(-1); // { grp: 'Residual', var1: null, var2: null, vcov: r.scale, sdcor: √scale }
 * ```
 */
export function varCorrOf(r: MixedLMResults): VarCorrRow[] {
  return varCorrRows(varCorrTerms(r), r.scale);
}

/**
 * Conditional modes of each random term of a formula model, by level
 * (aligned with `model.formula.random`). `condVar`, when given, supplies
 * per-group conditional variances keyed like `randomEffects`.
 *
 * @example
 * ```ts
 * termEffects(r)[0]!.levels; // ['308', '309', ...]
 * ```
 */
export function termEffects(r: MixedLMResults, condVar?: Map<GroupLabel, Record<string, number>>): TermEffects[] {
  const m = r.model;
  const info = m.formula;
  if (!info) throw new InvalidArgumentError('results', 'termEffects needs a model built with MixedLM.fromFormula');
  const re = r.randomEffects;
  return info.random.map((t) => {
    const out: TermEffects = { grp: t.grp, names: t.names.slice(), levels: [], values: [] };
    const cv: number[][] = [];
    m.groupLabels.forEach((g, gi) => {
      const rec = re.get(g)!;
      const cvr = condVar?.get(g);
      if (t.kind === 're') {
        out.levels.push(String(g));
        out.values.push(m.exogReNames.map((nm) => rec[nm]!));
        if (cvr) cv.push(m.exogReNames.map((nm) => cvr[nm]!));
      } else if (m.vcDims[t.vcIndex]! > 1) {
        const d = m.vcDims[t.vcIndex]!;
        const keys = vcColumnKeys(m.exogVc, t.vcIndex, gi);
        m.exogVc.colnames[t.vcIndex]![gi]!.forEach((c, l) => {
          out.levels.push(c);
          out.values.push(keys.slice(l * d, l * d + d).map((k) => rec[k]!));
          if (cvr) cv.push(keys.slice(l * d, l * d + d).map((k) => cvr[k]!));
        });
      } else {
        for (const c of m.exogVc.colnames[t.vcIndex]![gi]!) {
          const key = `${t.vcName}[${c}]`;
          out.levels.push(t.kind === 'smvc' ? `${String(g)}/${c}` : c);
          out.values.push([rec[key]!]);
          if (cvr) cv.push([cvr[key]!]);
        }
      }
    });
    if (condVar) out.condvar = cv;
    return out;
  });
}

/**
 * What prediction needs: the formula description, fixed effects and term effects.
 *
 * @example
 * ```ts
 * const spec: PredictSpec = { info: model.formula!, feParams: r.feParams, effects: termEffects(r) };
 * ```
 */
export interface PredictSpec {
  info: Omit<FormulaModelInfo, 'rowsUsed'>;
  feParams: number[];
  effects: TermEffects[];
}

/**
 * Prediction from a formula fit on new rows: fixed part from the same coding
 * (an unseen level of a fixed-effect factor → DataError) plus, per random
 * term, the conditional mode of the row's level times the term's columns.
 *
 * @example
 * ```ts
 * predictFromSpec(spec, [{ Days: 10, Subject: '308' }], { newLevels: 'population' });
 * ```
 */
export function predictFromSpec(spec: PredictSpec, newData: TableInput, options: PredictOptions = {}): number[] {
  checkPredictOptions(options);
  const table = toTable(newData);
  const info = spec.info;
  const newLevels = options.newLevels ?? 'error';
  const X = info.fixedDesign.build(table);
  const n = table.nrow;
  const p = X.ncol;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += X.matrix[i * p + j]! * spec.feParams[j]!;
    out[i] = s;
  }
  if (options.includeRandom !== false) info.random.forEach((t, k) => addTerm(out, t, spec.effects[k]!, table, newLevels));
  // never a silent NaN: a non-finite prediction names its row
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i]!)) throw new DataError(`prediction at row ${i} is not finite (${out[i]}): the new data or the fit hold values that cannot be combined`, { row: i });
  }
  return out;
}

/**
 * Types of the prediction options: `includeRandom` true/false, `newLevels`
 * 'error'/'population' (InvalidArgumentError naming the option otherwise).
 *
 * @example
 * ```ts
 * checkPredictOptions({ includeRandom: 'no' }); // throws InvalidArgumentError('includeRandom', ...)
 * ```
 */
export function checkPredictOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidArgumentError('options', 'expected an options object');
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'includeRandom' && k !== 'newLevels' && o[k] !== undefined) throw new InvalidArgumentError(k, "unknown prediction option (expected 'includeRandom' or 'newLevels')");
  if (o.includeRandom !== undefined && typeof o.includeRandom !== 'boolean') throw new InvalidArgumentError('includeRandom', `expected true or false, got ${JSON.stringify(o.includeRandom) ?? typeof o.includeRandom}`);
  if (o.newLevels !== undefined && o.newLevels !== 'error' && o.newLevels !== 'population') throw new InvalidArgumentError('newLevels', `expected 'error' or 'population', got ${JSON.stringify(o.newLevels) ?? typeof o.newLevels}`);
}

function addTerm(out: number[], t: RandomTermInfo, e: TermEffects, table: Table, newLevels: 'error' | 'population'): void {
  if (t.grouping.length === 0) {
    throw new InvalidArgumentError('newData', `groups were given as an array, so the rows of new data cannot be mapped to '${t.grp}'; use includeRandom: false`);
  }
  const index = new Map<string, number>();
  e.levels.forEach((l, i) => index.set(l, i));
  const labels = groupingFactor(table, t.grouping).labels;
  const unknown = (lab: string | null, i: number): void => {
    if (newLevels === 'error') {
      throw new DataError(`${t.grp}: level '${lab ?? 'NA'}' at row ${i} was not seen in the fit (use newLevels: 'population' to predict it at the population level)`, {
        column: t.grouping.join(':'),
        row: i,
      });
    }
  };
  if (t.kind !== 'smvc') {
    const seen = new Set(t.levels);
    const Z = t.design!.build(table);
    const k = Z.ncol;
    for (let i = 0; i < out.length; i++) {
      const lab = labels[i]!;
      const l = lab === null || !seen.has(lab) ? undefined : index.get(lab);
      if (l === undefined) {
        unknown(lab, i);
        continue;
      }
      const b = e.values[l]!;
      let s = 0;
      for (let j = 0; j < k; j++) s += Z.matrix[i * k + j]! * b[j]!;
      out[i]! += s;
    }
    return;
  }
  // statsmodels vc_formula: evaluated per group, columns matched by name
  const byGroup = new Map<string, number[]>();
  labels.forEach((lab, i) => {
    if (lab === null) return unknown(lab, i);
    const a = byGroup.get(lab);
    if (a) a.push(i);
    else byGroup.set(lab, [i]);
  });
  for (const [g, rows] of byGroup) {
    const D = evaluateVcFormula(t.expr, table, rows);
    for (let r = 0; r < rows.length; r++) {
      let s = 0;
      for (let j = 0; j < D.ncol; j++) {
        const v = D.matrix[r * D.ncol + j]!;
        if (v === 0) continue;
        const l = index.get(`${g}/${D.columnNames[j]}`);
        if (l === undefined) {
          if (newLevels === 'error') {
            throw new DataError(`${t.grp}: column '${D.columnNames[j]}' in group '${g}' (row ${rows[r]}) was not seen in the fit`, { column: t.grp, row: rows[r]! });
          }
          continue;
        }
        s += v * e.values[l]![0]!;
      }
      out[rows[r]!]! += s;
    }
  }
}

/**
 * The saved form of a fit (see {@link FitJSON}). `{ model: false }` leaves
 * out what prediction needs (`model: null`, no conditional modes computed):
 * the results only.
 *
 * @example
 * ```ts
 * JSON.stringify(fitToJSON(r));
 * fitToJSON(r, { model: false }).model; // null
 * ```
 */
export function fitToJSON(r: MixedLMResults, options: { model?: boolean } = {}): FitJSON {
  const m = r.model;
  const bse = r.bseFe;
  const fe: Record<string, number | null> = {};
  const bf: Record<string, number | null> = {};
  m.exogNames.forEach((nm, j) => {
    fe[nm] = num(r.feParams[j]!);
    bf[nm] = num(bse[j]!);
  });
  const vcomp: Record<string, number | null> = {};
  m.exogVc.names.forEach((nm, k) => (vcomp[nm] = num(r.vcomp[k]!)));
  let model: FitJSON['model'] = null;
  if (m.formula && options.model !== false) {
    // conditional variances ride along so a saved fit can draw its caterpillar plot without the data
    let cv: Map<GroupLabel, Record<string, number>> | undefined;
    try {
      cv = r.randomEffectsCondVar();
    } catch {
      cv = undefined; // parameters that cannot be evaluated: modes only
    }
    model = { ...formulaInfoToJSON(m.formula), feParams: r.feParams.slice(), effects: termEffects(r, cv) };
  }
  return {
    format: 'mixedlm-fit',
    version: FIT_JSON_VERSION,
    method: r.method,
    converged: r.converged,
    nobs: r.nobs,
    n_groups: r.nGroups,
    endog_name: m.endogName,
    param_names: r.paramNames.slice(),
    params: r.params.map(num),
    fe_params: fe,
    bse_fe: bf,
    scale: num(r.scale),
    llf: num(r.llf),
    aic: num(r.aic),
    bic: num(r.bic),
    cov_re: { names: m.exogReNames.slice(), matrix: r.covRe.map((row) => row.map(num)) },
    vcomp,
    varcorr: varCorrOf(r).map((v) => ({ grp: v.grp, var1: v.var1, var2: v.var2, vcov: num(v.vcov), sdcor: num(v.sdcor) })),
    warnings: r.warnings.map((w) => ({ ...w })),
    convergence: r.convergence
      ? {
          names: r.convergence.names.slice(),
          gradient: r.convergence.gradient.map(num),
          scaled_gradient: r.convergence.scaledGradient.map(num),
          max_scaled_gradient: num(r.convergence.maxScaledGradient),
          hessian_eigenvalues: r.convergence.hessianEigenvalues.map(num),
          at_boundary: r.convergence.atBoundary.slice(),
          tolerance: r.convergence.tolerance,
        }
      : null,
    data: dataFingerprint(m),
    model,
  };
}

/**
 * New response vectors drawn from a fitted model: random effects redrawn
 * from N(0, Ψ) (default) or fixed at their conditional modes
 * (`useRandomEffects`), plus N(0, scale) noise; `newParams` replaces the
 * fitted values on the data scale.
 *
 * @example
 * ```ts
 * simulateFit(r, { seed: 3 });
 * ```
 */
export function simulateFit(r: MixedLMResults, options: SimulateOptions = {}): number[] {
  const m = r.model;
  const np = options.newParams ?? {};
  const fe = np.feParams ?? r.feParams;
  const scale = np.scale ?? r.scale;
  const covRe = np.covRe ?? r.covRe;
  const vcomp = np.vcomp ?? r.vcomp;
  if (fe.length !== m.kFe) throw new InvalidArgumentError('newParams.feParams', `expected ${m.kFe} values, got ${fe.length}`);
  if (vcomp.length !== m.kVc) throw new InvalidArgumentError('newParams.vcomp', `expected ${m.kVc} values, got ${vcomp.length}`);
  if (covRe.length !== m.kRe) throw new InvalidArgumentError('newParams.covRe', `expected ${m.kRe}×${m.kRe}`);
  if (!(scale > 0)) throw new InvalidArgumentError('newParams.scale', 'must be positive');
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new InvalidArgumentError('seed', `expected an integer, got ${JSON.stringify(seed) ?? typeof seed}`);
  if (options.useRandomEffects !== undefined && typeof options.useRandomEffects !== 'boolean') throw new InvalidArgumentError('useRandomEffects', 'expected true or false');
  if (!options.useRandomEffects) {
    const po = MixedLMParams.fromComponents({ feParams: fe, covRe: covRe.map((row) => row.map((v) => v / scale)), vcomp: vcomp.map((v) => v / scale) });
    return m.getDistribution(po.getPacked(false, true), scale).rvs(seed);
  }
  const fitted = r.fittedValues;
  const xb0 = m.predict(r.feParams);
  const xb = m.predict(fe);
  const z = normalRng(seed);
  const se = Math.sqrt(scale);
  return fitted.map((f, i) => f - xb0[i]! + xb[i]! + se * z());
}
