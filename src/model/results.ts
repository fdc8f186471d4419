import { DimensionMismatchError, FitFailedError, InvalidArgumentError } from '../errors.js';
import { groupLayout, zRowEach } from './design.js';
import { normalCdf, normalQuantile } from './inference/distributions.js';
import type { MixedLM } from './mixedlm.js';
import { MixedLMParams } from './terms/params.js';
import { vcColumnKeys } from './terms/vcspec.js';
import type { CovariancePenalty } from './penalty.js';
import type { GroupLabel } from './prepare.js';
import { formatSummary } from './summary.js';
import type { SummaryInput } from './summary.js';
import { checkPredictOptions, fitToJSON, predictFromSpec, simulateFit, termEffects, varCorrOf } from './formula-results.js';
import type { SavedFit } from './saved-fit.js';
import { installedFn } from '../registry.js';
import type { FitJSON, PredictOptions, SimulateOptions } from './formula-results.js';
import type { TermEffects } from './terms/formula-spec.js';
import type { TableInput } from '../data/table.js';
import type { VarCorrRow } from './terms/varcorr.js';
import { confidenceIntervals } from './inference/intervals.js';
import type { ConfIntOptions, IntervalRow } from './inference/intervals.js';
import { parametricBootstrap } from './inference/bootstrap.js';
import type { BootstrapOptions, BootstrapResult } from './inference/bootstrap.js';
import { randomEffectsCondVar } from './inference/condvar.js';
import { coefTable, contrastFTest, contrastTTest } from './inference/contrasts.js';
import type { CoefRow, DdfMethod, DdfOptions, FTestRow } from './inference/contrasts.js';
import { formatCoefTable } from './inference/format.js';
import { anovaTable } from './inference/anova.js';
import type { AnovaOptions, AnovaRow } from './inference/anova.js';

import type { MixedLMWarning } from './warnings.js';
import type { ConvergenceDiagnostics } from './convergence.js';
import type { FactorizationInfo } from './inner/factorization-choice.js';
export type { MixedLMWarning, WarningCode } from './warnings.js';

/** Fields `MixedLM.fit` hands to the results. */
export interface ResultsInit {
  params: number[];
  paramsObject: MixedLMParams;
  feParams: number[];
  covRe: number[][];
  covReUnscaled: number[][];
  vcomp: number[];
  scale: number;
  covParams: number[][];
  reml: boolean;
  converged: boolean;
  hist: unknown[] | null;
  warnings: MixedLMWarning[];
  freepat: MixedLMParams | null;
  covPen: CovariancePenalty | null;
  /** checkConv-style diagnostics at the optimum (null for penalized fits) */
  convergence?: ConvergenceDiagnostics | null;
}

/**
 * Results of a mixed linear model fit (statsmodels' `MixedLMResults`).
 * `params` are in the profile parameterization (variance parameters divided
 * by `scale`); `covRe`, `vcomp` are on the data scale.
 *
 * @example
 * ```ts
 * const r = model.fit();
 * r.feParams; r.bseFe; r.randomEffects.get('308');
 * ```
 */
export class MixedLMResults {
  readonly params: number[];
  readonly paramsObject: MixedLMParams;
  readonly paramNames: string[];
  readonly feParams: number[];
  readonly covRe: number[][];
  readonly covReUnscaled: number[][];
  readonly vcomp: number[];
  readonly scale: number;
  readonly reml: boolean;
  readonly method: 'REML' | 'ML';
  readonly converged: boolean;
  readonly hist: unknown[] | null;
  readonly warnings: MixedLMWarning[];
  readonly freepat: MixedLMParams | null;
  /** Convergence diagnostics at the optimum, as lme4's `checkConv` (scaled gradient, Hessian eigenvalues); null for penalized fits. */
  readonly convergence: ConvergenceDiagnostics | null;
  readonly nobs: number;
  readonly nGroups: number;
  readonly llf: number;
  readonly kFe: number;
  readonly kRe: number;
  readonly kRe2: number;
  readonly kVc: number;
  /** How the sparse solver factored the inner matrix (path, predicted flops and fill); null on the dense per-group solver. */
  readonly factorization: FactorizationInfo | null;
  private readonly covP: number[][];
  private reCache: Map<GroupLabel, Record<string, number>> | null = null;
  private reCovCache: Map<GroupLabel, number[][]> | null = null;

  constructor(readonly model: MixedLM, init: ResultsInit) {
    this.params = init.params;
    this.paramsObject = init.paramsObject;
    this.paramNames = model.paramNames.slice();
    this.feParams = init.feParams;
    this.covRe = init.covRe;
    this.covReUnscaled = init.covReUnscaled;
    this.vcomp = init.vcomp;
    this.scale = init.scale;
    this.reml = init.reml;
    this.method = init.reml ? 'REML' : 'ML';
    this.converged = init.converged;
    this.hist = init.hist;
    this.warnings = init.warnings;
    this.freepat = init.freepat;
    this.convergence = init.convergence ?? null;
    this.covP = init.covParams;
    this.nobs = model.nobs;
    this.nGroups = model.nGroups;
    this.kFe = model.kFe;
    this.kRe = model.kRe;
    this.kRe2 = model.kRe2;
    this.kVc = model.kVc;
    this.factorization = model.factorization;
    const saved = model.reml;
    model.reml = init.reml;
    this.llf = model.loglike(this.paramsObject, false);
    model.reml = saved;
    // never a silent NaN: a fit without a finite optimum is an error, not a result
    const codes = this.warnings.map((w) => w.code);
    const check = (what: string, v: number): void => {
      if (!Number.isFinite(v)) throw new FitFailedError(what, v, codes);
    };
    check('the residual variance (scale)', this.scale);
    check('the log-likelihood', this.llf);
    this.feParams.forEach((v, j) => check(`fixed effect '${model.exogNames[j] ?? j}'`, v));
    this.params.forEach((v, j) => check(`parameter '${this.paramNames[j] ?? j}'`, v));
    // a standard error that is NaN must come with a warning saying why
    const nanSe = this.covP.map((r, i) => (r[i]! >= 0 ? null : this.paramNames[i] ?? String(i))).filter((x): x is string => x !== null);
    if (nanSe.length > 0 && !codes.includes('hessian-singular') && !codes.includes('hessian-not-pd')) {
      this.warnings.push({ code: 'hessian-not-pd', message: `The inverse Hessian has a negative or undefined variance for ${nanSe.join(', ')}; their standard errors are NaN.`, parameters: nanSe });
    }
  }

  /**
   * Covariance matrix of `params` (inverse negative Hessian, profile scale).
   *
   * @example
   * ```ts
   * r.covParams()[0][0];
   * ```
   */
  covParams(): number[][] {
    return this.covP.map((r) => r.slice());
  }

  /** Standard errors of all `params`. */
  get bse(): number[] {
    return this.covP.map((r, i) => Math.sqrt(r[i]!));
  }

  /** Standard errors of the fixed effects. */
  get bseFe(): number[] {
    return this.bse.slice(0, this.kFe);
  }

  /** Standard errors of tril(cov_re) and vcomp on the data scale. */
  get bseRe(): number[] {
    return this.covP.slice(this.kFe).map((r, i) => Math.sqrt(this.scale * r[this.kFe + i]!));
  }

  /** params / bse. */
  get tvalues(): number[] {
    const b = this.bse;
    return this.params.map((v, i) => v / b[i]!);
  }

  /** Two-sided normal p-values of `tvalues`. */
  get pvalues(): number[] {
    return this.tvalues.map((t) => 2 * normalCdf(-Math.abs(t)));
  }

  /** −2(llf − df), NaN under REML. */
  get aic(): number {
    if (this.reml) return NaN;
    return -2 * (this.llf - this.dfModel());
  }

  /** −2 llf + log(n)·df, NaN under REML. */
  get bic(): number {
    if (this.reml) return NaN;
    return -2 * this.llf + Math.log(this.nobs) * this.dfModel();
  }

  private dfModel(): number {
    if (this.freepat) return this.freepat.getPacked(false, true).reduce((a, b) => a + b, 0) + 1;
    return this.params.length + 1;
  }

  /**
   * Normal confidence intervals [lower, upper] per parameter (statsmodels'
   * `conf_int(alpha)`), or, given an options object, rows {name, estimate,
   * lower, upper} by method 'wald' | 'profile' | 'bootstrap' (see
   * `confidenceIntervals`).
   *
   * @example
   * ```ts
   * r.confInt(0.05)[0]; // [lo, hi] for the first fixed effect
   * r.confInt({ method: 'profile', level: 0.95 });
   * ```
   */
  confInt(alpha?: number): Array<[number, number]>;
  confInt(options: ConfIntOptions): IntervalRow[];
  confInt(arg: number | ConfIntOptions = 0.05): Array<[number, number]> | IntervalRow[] {
    if (Array.isArray(arg)) throw new InvalidArgumentError('alpha', 'expected a number in (0, 1) or an options object, got an array');
    if (typeof arg === 'object' && arg !== null) return confidenceIntervals(this, arg);
    const alpha = arg;
    if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
      throw new InvalidArgumentError('alpha', `expected a number in (0, 1) (e.g. 0.05 for 95% intervals), got ${JSON.stringify(alpha) ?? String(alpha)}`);
    }
    const q = normalQuantile(1 - alpha / 2);
    const b = this.bse;
    return this.params.map((v, i) => [v - q * b[i]!, v + q * b[i]!]);
  }

  /**
   * Wald tests of Rβ = 0 for the fixed effects (R: r × kFe, or one row).
   * Without options: statsmodels' z tests (its covariance of the estimates).
   * With an options object: one t test per row with `ddf` degrees of freedom
   * ('satterthwaite', 'kenward-roger', 'residual', 'none'), rows
   * {name, estimate, se, df, t, p} (see `contrastTTest`).
   *
   * @example
   * ```ts
   * r.tTest([[0, 1]]).pvalue;
   * r.tTest([[0, 1]], { ddf: 'satterthwaite' })[0].df;
   * ```
   */
  tTest(R: number[][] | number[]): { effect: number[]; sd: number[]; tvalue: number[]; pvalue: number[]; confInt: Array<[number, number]> };
  tTest(R: number[][] | number[], options: DdfOptions): CoefRow[];
  tTest(R: number[][] | number[], options?: DdfOptions): { effect: number[]; sd: number[]; tvalue: number[]; pvalue: number[]; confInt: Array<[number, number]> } | CoefRow[] {
    if (options !== undefined) return contrastTTest(this, R, options);
    return this.zTest(R);
  }

  /**
   * Joint F test of Lβ = 0 (L of full row rank): Satterthwaite's F (as lmerTest),
   * Kenward–Roger's scaled F (as pbkrtest), or Wald F with n − p / ∞ df.
   *
   * @example
   * ```ts
   * r.fTest([[0, 1, 0], [0, 0, 1]], { ddf: 'kenward-roger' }); // { numDf: 2, denDf, F, p }
   * ```
   */
  fTest(L: number[][] | number[], options?: DdfOptions): FTestRow {
    return contrastFTest(this, L, options);
  }

  /**
   * The fixed-effects table {name, estimate, se, df, t, p}; the default ddf is
   * 'satterthwaite' for lme4-dialect formula models, 'none' (z tests) otherwise.
   *
   * @example
   * ```ts
   * r.coefTable({ ddf: 'kenward-roger' });
   * ```
   */
  coefTable(options?: DdfOptions): CoefRow[] {
    return coefTable(this, options);
  }

  /**
   * ANOVA table of the fixed-effect terms of a formula model (lmerTest's
   * `anova`): type 1, 2 or 3 (default 3) hypotheses, F tests with `ddf`.
   *
   * @example
   * ```ts
   * r.anova({ type: 3, ddf: 'satterthwaite' }); // [{ term: 'cond', numDf: 1, denDf: 39.2, F: 8.1, p: 0.007 }]
   * ```
   */
  anova(options: AnovaOptions = {}): AnovaRow[] {
    return anovaTable(this, options);
  }

  private zTest(R: number[][] | number[]): { effect: number[]; sd: number[]; tvalue: number[]; pvalue: number[]; confInt: Array<[number, number]> } {
    const rows = (Array.isArray(R[0]) ? R : [R]) as number[][];
    const cp = this.covP;
    const effect: number[] = [];
    const sd: number[] = [];
    for (const r of rows) {
      if (r.length !== this.kFe) throw new DimensionMismatchError('tTest', `${this.kFe} columns`, `${r.length} columns`);
      let e = 0;
      for (let j = 0; j < this.kFe; j++) e += r[j]! * this.params[j]!;
      let v = 0;
      for (let a = 0; a < this.kFe; a++) for (let b = 0; b < this.kFe; b++) v += r[a]! * cp[a]![b]! * r[b]!;
      effect.push(e);
      sd.push(Math.sqrt(v));
    }
    const tvalue = effect.map((e, i) => e / sd[i]!);
    const q = normalQuantile(0.975);
    return {
      effect,
      sd,
      tvalue,
      pvalue: tvalue.map((t) => 2 * normalCdf(-Math.abs(t))),
      confInt: effect.map((e, i) => [e - q * sd[i]!, e + q * sd[i]!] as [number, number]),
    };
  }

  /**
   * The covariance of variance component k on the data scale: `[[vcomp[k]]]`
   * for a scalar component, the d × d block for a correlated term.
   *
   * @example
   * ```ts
   * r.vcCov(0); // [[var(1), cov], [cov, var(x)]] for (1 + x | g)
   * ```
   */
  vcCov(k: number): number[][] {
    return this.paramsObject.vcBlock(k).map((row) => row.map((v) => v * this.scale));
  }

  /** Names of the random effects of group g (exog_re names, then `vc[col]`, or `vc[level][column]` for d > 1). */
  private reNames(g: number): string[] {
    const names = this.model.exogReNames.slice();
    const vc = this.model.exogVc;
    for (let k = 0; k < vc.names.length; k++) names.push(...vcColumnKeys(vc, k, g));
    return names;
  }

  /** Conditional means (and, with `withCov`, conditional covariances: q×q per group, costly for one large crossed group). */
  private computeRe(withCov: boolean): void {
    const model = this.model;
    const core = model.likelihood;
    const inner = core.inner;
    const po = this.paramsObject;
    const th = model.factorOf(po);
    if (!th) throw new InvalidArgumentError('covRe', 'Cannot predict random effects: covariance is not positive semi-definite.');
    const { L, lam } = th;
    const st = core.evaluate(L, lam, Float64Array.from(this.feParams));
    const re = new Map<GroupLabel, Record<string, number>>();
    const rc = new Map<GroupLabel, number[][]>();
    for (let g = 0; g < model.nGroups; g++) {
      const q = inner.q(g);
      const gd = inner.groupData(g, st.delta, false);
      // conditional mean Λv
      const mean = lambdaTimes(model, g, L, lam, gd.v);
      const names = this.reNames(g);
      const rec: Record<string, number> = {};
      names.forEach((nm, i) => (rec[nm] = mean[i]!));
      const label = model.groupLabels[g]!;
      re.set(label, rec);
      if (!withCov) continue;
      const cc = inner.condCov(g);
      const cov: number[][] = [];
      for (let i = 0; i < q; i++) cov.push(Array.from(cc.subarray(i * q, i * q + q), (x) => x * this.scale));
      rc.set(label, cov);
    }
    this.reCache = re;
    if (withCov) this.reCovCache = rc;
  }

  /** Conditional means of the random effects per group (sorted labels). */
  get randomEffects(): Map<GroupLabel, Record<string, number>> {
    if (!this.reCache) this.computeRe(false);
    return this.reCache!;
  }

  /**
   * Conditional variances of the random effects per group (lme4's `condVar`
   * diagonal), keyed like `randomEffects`; no q × q inverse for crossed models.
   *
   * @example
   * ```ts
   * r.randomEffectsCondVar().get(1); // { 'plate[a]': 0.0736, ... }
   * ```
   */
  randomEffectsCondVar(): Map<GroupLabel, Record<string, number>> {
    return randomEffectsCondVar(this);
  }

  /**
   * Conditional modes of each random term, by level (lme4's `ranef`), for
   * models built with `fromFormula`; with `condVar` also their conditional
   * variances (lme4's `condVar = TRUE` diagonal).
   *
   * @example
   * ```ts
   * const [subj] = fit.ranef({ condVar: true }); // { grp: 'subj', names: ['(Intercept)', 'cond'], levels, values, condvar }
   * ```
   */
  ranef(options: { condVar?: boolean } = {}): TermEffects[] {
    return termEffects(this, options.condVar ? this.randomEffectsCondVar() : undefined);
  }

  /**
   * Seeded parametric bootstrap: percentile intervals, replicate estimates,
   * seconds per replicate (see `parametricBootstrap`).
   *
   * @example
   * ```ts
   * r.bootstrap(200, { seed: 1 }).intervals;
   * ```
   */
  bootstrap(n: number, options: BootstrapOptions = {}): BootstrapResult {
    this.model.requireRows('the parametric bootstrap');
    return parametricBootstrap(this, n, options);
  }

  /** Conditional covariance matrices of the random effects per group. */
  get randomEffectsCov(): Map<GroupLabel, number[][]> {
    if (!this.reCovCache) this.computeRe(true);
    return this.reCovCache!;
  }

  /** Xβ + Z·(conditional mean of the random effects). */
  get fittedValues(): number[] {
    this.model.requireRows('fitted values');
    const model = this.model;
    const fit = model.predict(this.feParams);
    const re = this.randomEffects;
    const d = { n: model.nobs, p: model.kFe, kRe: model.kRe, kVc: model.vcDims.length, vcDims: model.vcDims, y: new Float64Array(0), X: new Float64Array(0), Zre: model.data.Zre ?? new Float64Array(0), vcMats: model.exogVc.mats, rows: model.rowIndices.map((r) => Int32Array.from(r)) };
    for (let g = 0; g < model.nGroups; g++) {
      const vals = Object.values(re.get(model.groupLabels[g]!)!);
      const lay = groupLayout(d, g);
      const rows = model.rowIndices[g]!;
      for (let i = 0; i < rows.length; i++) {
        let s = 0;
        zRowEach(d, g, i, lay.starts, (j, v) => (s += v * vals[j]!));
        fit[rows[i]!]! += s;
      }
    }
    return fit;
  }

  /** endog − fittedValues. */
  get resid(): number[] {
    const f = this.fittedValues;
    return this.model.endog.map((y, i) => y - f[i]!);
  }

  /**
   * Predictions. Formula models (`MixedLM.fromFormula`): without `newData` the
   * fitted values (fixed part plus conditional modes); with `newData` (rows,
   * columns or Arrow) the fixed part from the same coding plus, unless
   * `includeRandom: false`, each random term's conditional mode at the row's
   * level (unseen level: `newLevels` 'error' → DataError, 'population' → 0).
   * Other models keep statsmodels' meaning: `predict(exog?)` = Xβ only.
   *
   * @example
   * ```ts
   * r.predict([{ Days: 10, Subject: '308' }]);
   * r.predict([{ Days: 10, Subject: 'new' }], { newLevels: 'population' });
   * ```
   */
  predict(newData?: TableInput | number[][], options: PredictOptions = {}): number[] {
    if (newData === undefined) this.model.requireRows('fitted values');
    const info = this.model.formula;
    if (!info) return this.model.predict(this.feParams, newData as number[][] | undefined);
    checkPredictOptions(options);
    if (newData === undefined) return options.includeRandom === false ? this.model.predict(this.feParams) : this.fittedValues;
    return predictFromSpec({ info, feParams: this.feParams, effects: termEffects(this) }, newData as TableInput, options);
  }

  /**
   * A new response vector drawn from the fitted model (random effects redrawn,
   * or held at their conditional modes with `useRandomEffects`).
   *
   * @example
   * ```ts
   * const ystar = r.simulate({ seed: 1 });
   * ```
   */
  simulate(options: SimulateOptions = {}): number[] {
    this.model.requireRows('simulation');
    return simulateFit(this, options);
  }

  /**
   * lme4's `as.data.frame(VarCorr(fit))` rows (terms in lme4's order, residual last).
   *
   * @example
   * ```ts
   * r.varCorr()[0]; // { grp: 'Subject', var1: '(Intercept)', var2: null, vcov: 612.1, sdcor: 24.74 }
   * ```
   */
  varCorr(): VarCorrRow[] {
    return varCorrOf(this);
  }

  /**
   * A JSON-able summary of the fit; for formula models it carries what
   * `MixedLMResults.fromJSON(...).predict(newData)` needs.
   *
   * @example
   * ```ts
   * writeFileSync('fit.json', JSON.stringify(r.toJSON()));
   * ```
   */
  toJSON(): FitJSON {
    return fitToJSON(this);
  }

  /**
   * Reloads a saved fit (`toJSON()` output) for prediction on new data.
   *
   * @example
   * ```ts
   * MixedLMResults.fromJSON(JSON.parse(text)).predict(rows);
   * ```
   */
  static fromJSON(json: FitJSON): SavedFit {
    // installed by results-api.ts (the public export of MixedLMResults): a bundle of MixedLM alone leaves the reader out
    return installedFn('readFit')(json);
  }

  /**
   * The statsmodels-style summary table; with `{ ddf }` followed by the
   * fixed-effects table with that method's df and p-values (lmerTest's layout).
   *
   * @example
   * ```ts
   * console.log(r.summary());
   * console.log(r.summary({ ddf: 'kenward-roger' }));
   * ```
   */
  summary(arg: number | { alpha?: number; ddf?: DdfMethod } = 0.05): string {
    if (typeof arg === 'object' && arg !== null) {
      const base = this.summary(arg.alpha ?? 0.05);
      if (arg.ddf === undefined) return base;
      return `${base.replace(/\s*$/, '\n')}\n${formatCoefTable(this.coefTable({ ddf: arg.ddf }), arg.ddf)}`;
    }
    const alpha = arg;
    if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new InvalidArgumentError('alpha', `expected a number in (0, 1), got ${JSON.stringify(alpha) ?? String(alpha)}`);
    const model = this.model;
    const gs = Array.from(model.groupSizes);
    const bse = this.bse;
    const q = normalQuantile(1 - alpha / 2);
    const feRows = model.exogNames.map((name, j) => {
      const coef = this.feParams[j]!;
      const se = Math.sqrt(this.covP[j]![j]!);
      const z = coef / se;
      return { name, coef, se, z, p: 2 * normalCdf(-Math.abs(z)), lower: coef - q * se, upper: coef + q * se };
    });
    const reRows: Array<{ name: string; coef: number; se: number }> = [];
    let jj = this.kFe;
    for (let i = 0; i < this.kRe; i++)
      for (let j = 0; j <= i; j++) {
        reRows.push({ name: this.paramNames[jj]!, coef: this.covRe[i]![j]!, se: Math.sqrt(this.scale) * bse[jj]! });
        jj++;
      }
    for (let i = 0; i < this.kVc; i++) {
      reRows.push({ name: this.paramNames[jj]!, coef: this.vcomp[i]!, se: Math.sqrt(this.scale) * bse[jj]! });
      jj++;
    }
    const input: SummaryInput = {
      dependentVariable: model.endogName,
      nobs: model.nobs,
      nGroups: model.nGroups,
      minGroupSize: Math.min(...gs),
      maxGroupSize: Math.max(...gs),
      meanGroupSize: gs.reduce((a, b) => a + b, 0) / gs.length,
      method: this.method,
      scale: this.scale,
      llf: this.llf,
      converged: this.converged,
      feRows,
      reRows,
      alpha,
    };
    return formatSummary(input);
  }

  /**
   * Profile likelihood of one variance parameter: `vtype` 're' (index into
   * exog_re) or 'vc' (component name). Returns rows [value (data scale), llf].
   *
   * @example
   * ```ts
   * r.profileRe(0, 're', { numLow: 3, numHigh: 3 });
   * ```
   */
  profileRe(reIx: number | string, vtype: 're' | 'vc', opts: { numLow?: number; distLow?: number; numHigh?: number; distHigh?: number } = {}): number[][] {
    const numLow = opts.numLow ?? 5;
    const distLow = opts.distLow ?? 1;
    const numHigh = opts.numHigh ?? 5;
    const distHigh = opts.distHigh ?? 1;
    const model = this.model;
    const kFe = this.kFe;
    const kRe = this.kRe;
    const kVc = this.kVc;
    let params = this.paramsObject.copy();
    let low: number;
    let high: number;
    let ru0: number;
    let ix: number[] = [];
    let vcIx = -1;
    if (vtype === 're') {
      if (typeof reIx !== 'number' || reIx < 0 || reIx >= kRe) throw new InvalidArgumentError('reIx', `expected an index in [0, ${kRe})`);
      ix = Array.from({ length: kRe }, (_, i) => i);
      ix[0] = reIx;
      ix[reIx] = 0;
      const cu = ix.map((a) => ix.map((b) => params.covRe[a]![b]!));
      params.covRe = cu;
      ru0 = cu[0]![0]!;
      const c00 = this.scale * ru0;
      low = (c00 - distLow) / this.scale;
      high = (c00 + distHigh) / this.scale;
    } else if (vtype === 'vc') {
      vcIx = model.exogVc.names.indexOf(String(reIx));
      if (vcIx < 0) throw new InvalidArgumentError('reIx', `unknown variance component '${String(reIx)}'`);
      low = (this.vcomp[vcIx]! - distLow) / this.scale;
      high = (this.vcomp[vcIx]! + distHigh) / this.scale;
      ru0 = this.vcomp[vcIx]! / this.scale;
    } else throw new InvalidArgumentError('vtype', "expected 're' or 'vc'");
    if (low <= 0) throw new InvalidArgumentError('distLow', 'dist_low is too large and would result in a negative variance. Try a smaller value.');
    const rvalues: number[] = [];
    for (let i = 0; i <= numLow; i++) rvalues.push(low + ((ru0 - low) * i) / numLow);
    for (let i = 1; i <= numHigh; i++) rvalues.push(ru0 + ((high - ru0) * i) / numHigh);
    const free = new MixedLMParams(kFe, kRe, kVc);
    let mat: number[][];
    let vcf: number[];
    if (!this.freepat) {
      free.feParams = new Array<number>(kFe).fill(1);
      vcf = new Array<number>(kVc).fill(1);
      mat = Array.from({ length: kRe }, () => new Array<number>(kRe).fill(1));
    } else {
      free.feParams = this.freepat.feParams.slice();
      vcf = this.freepat.vcomp.slice();
      mat = this.freepat.covRe.map((r) => r.slice());
    }
    if (vtype === 're') {
      mat = ix.map((a) => ix.map((b) => mat[a]![b]!));
      mat[0]![0] = 0;
    } else vcf[vcIx] = 0;
    free.covRe = mat;
    free.vcomp = vcf;
    const o = model.initOptions;
    let exogRe = o.exogRe;
    let exogReNames = model.exogReNames;
    if (vtype === 're') {
      const Z = model.exogRe!;
      exogRe = Z.map((r) => ix.map((c) => r[c]!));
      exogReNames = ix.map((c) => model.exogReNames[c]!);
    }
    const Ctor = model.constructor as new (...a: ConstructorParameters<typeof import('./mixedlm.js').MixedLM>) => MixedLM;
    const out: number[][] = [];
    for (const x of rvalues) {
      const m2 = new Ctor(model.endog, model.exog, model.groups, {
        ...o,
        missing: 'none',
        exogNames: model.exogNames,
        exogReNames,
        ...(exogRe !== undefined ? { exogRe } : {}),
        exogVc: model.exogVc,
      });
      params = params.copy();
      if (vtype === 're') params.covRe[0]![0] = x;
      else params.vcomp[vcIx] = x;
      const r = m2.fit({ startParams: params, free, reml: this.reml, ...(model.covPen ? { covPen: model.covPen } : {}) });
      out.push([x * r.scale, r.llf]);
    }
    return out;
  }
}


/**
 * Λx for group g of a model at the Cholesky square roots (L of cov_re, and per
 * component λ or the packed factor T_k repeated over its levels): the
 * conditional means are Λv.
 *
 * @example
 * ```ts
 * const { L, lam } = model.factorOf(r.paramsObject)!;
 * lambdaTimes(model, 0, L, lam, v);
 * ```
 */
export function lambdaTimes(model: MixedLM, g: number, L: Float64Array, lam: Float64Array, x: Float64Array): Float64Array {
  const inner = model.likelihood.inner;
  const k = model.kRe;
  const out = new Float64Array(x.length);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b <= a; b++) s += L[a * k + b]! * x[b]!;
    out[a] = s;
  }
  let o = 0;
  model.vcDims.forEach((d, t) => {
    const s0 = inner.vcStart(g, t);
    const s1 = s0 + inner.vcSize(g, t);
    if (d === 1) for (let i = s0; i < s1; i++) out[i] = lam[o]! * x[i]!;
    else
      for (let b0 = s0; b0 < s1; b0 += d)
        for (let a = 0; a < d; a++) {
          let s = 0;
          for (let b = 0; b <= a; b++) s += lam[o + (a * (a + 1)) / 2 + b]! * x[b0 + b]!;
          out[b0 + a] = s;
        }
    o += (d * (d + 1)) / 2;
  });
  return out;
}
