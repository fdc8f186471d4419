import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { minimize } from '../optim/index.js';
import type { GroupedDesign } from './design.js';
import { choleskyLower, invert, invertEquilibrated } from './dense.js';
import type { InnerSolver } from './inner/solver.js';
import { DenseInner } from './inner/per-group.js';
import { CrossedInner, crossedApplicable } from './inner/single-block.js';
import type { FactorizationInfo } from './inner/factorization-choice.js';
import { psiInner } from './inner/psi.js';
import type { EvalState } from './likelihood.js';
import { LikelihoodCore } from './likelihood.js';
import { MixedLMParams, trilIndices, vcFactor } from './terms/params.js';
import type { CovariancePenalty, Penalty } from './penalty.js';
import type { GroupLabel } from './prepare.js';
import type { TypedData } from './prepare.js';
import { checkRankGram, makeExogNamesTyped, prepareTyped } from './prepare.js';
import { symEigen } from './inference/linalg.js';
import { MixedLMResults } from './results.js';
import type { MixedLMWarning } from './results.js';
import { MixedLMDistribution } from './inference/simulate.js';
import type { VcMatrix } from './terms/vcspec.js';
import { VCSpec, vcParamCount } from './terms/vcspec.js';
import type { FormulaModelInfo } from './terms/formula-spec.js';
import { modelFromFormula } from './from-formula.js';
import { termsToVcSpec, type RandomTermSpec } from './terms/random-terms.js';
import type { CrossProductsTerm, ModelCrossProducts } from './cross-products.js';
import { abortCheck, type EvaluationHook } from './fit-control.js';
import { workingFrame, type WorkingFrame } from './location.js';
import { checkConvergence, type ConvergenceDiagnostics } from './convergence.js';
import { checkFitOptions } from './fit-options-check.js';
import { checkModelOptions } from './validate-input.js';
import { fitAsync, type FitAsyncOptions } from './fit-async.js';
import { installedFn } from '../registry.js';
import type { FromFormulaOptions } from './from-formula.js';
import type { TableInput } from '../data/table.js';

/** Constructor options of `MixedLM`. */
export interface MixedLMOptions {
  /** Random-effects design, in any of the forms `exog` accepts. Default: random intercept when neither exogRe nor exogVc is given. */
  exogRe?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Variance components: a `VCSpec`, or statsmodels' dict form `{vcName: {groupLabel: matrix}}`. */
  exogVc?: VCSpec | Record<string, Record<string, VcMatrix>>;
  /** Optimize over the Cholesky factor of cov_re and √vcomp (default true). */
  useSqrt?: boolean;
  /** 'none' (default: non-finite values raise), 'raise', or 'drop' (drop incomplete rows). */
  missing?: 'none' | 'drop' | 'raise';
  exogNames?: string[];
  exogReNames?: string[];
  endogName?: string;
  /** Inner solver: 'auto' (default), 'dense' (per group) or 'sparse' (single-block crossed engine). */
  solver?: 'auto' | 'dense' | 'sparse';
}

/** Options of `MixedLM.fit`. */
export interface FitOptions {
  startParams?: MixedLMParams | ArrayLike<number>;
  reml?: boolean;
  method?: string | string[];
  free?: MixedLMParams;
  fePen?: Penalty;
  covPen?: CovariancePenalty;
  fullOutput?: boolean;
  /** Gradient tolerance on ‖score‖∞/n (statsmodels optimizes loglike/n). Default 1e-8. */
  gtol?: number;
  maxiter?: number;
  doCg?: boolean;
  /**
   * Called after every objective evaluation (cheap): the running count, the
   * (restricted) log-likelihood at the evaluated point (NaN at a rejected
   * point), seconds since `fit` started and the optimizer in use.
   */
  onProgress?: (info: FitProgress) => void;
  /** Stops the fit between objective evaluations with a `FitAbortedError` (see also `fitAsync`). */
  signal?: AbortSignal;
  /** Wraps every optimizer evaluation (used by `fitAsync` to yield to the event loop). */
  evaluationHook?: EvaluationHook;
}

/**
 * Progress of a fit, reported per objective evaluation by `fit({ onProgress })`.
 *
 * @example
 * ```ts
 * model.fit({ onProgress: (p: FitProgress) => console.log(p.evaluations, p.objective.toFixed(2), p.elapsedSeconds) });
 * ```
 */
export interface FitProgress {
  /** objective evaluations so far (all optimizers of this fit) */
  evaluations: number;
  /** log-likelihood at the evaluated point */
  objective: number;
  elapsedSeconds: number;
  method: string;
}

/** The cross products `fromCrossProducts` hands to the constructor (an alternate construction path; cleared on use). */
let pendingCross: ModelCrossProducts | null = null;

const OPTIMIZERS = ['bfgs', 'lbfgs', 'cg', 'nm'];

/**
 * Linear mixed-effects model (statsmodels' `MixedLM`): y = Xβ + Zγ + ε with
 * independent groups, random effects γ ~ N(0, blockdiag(cov_re, vcomp)) and
 * ε ~ N(0, scale·I). One likelihood, two storage paths (dense per group, or a
 * sparse single crossed block).
 *
 * Inputs: `endog` any numeric array (a `Float64Array` is copied without
 * per-element checks); `exog`/`exogRe` as n rows (`number[][]`), a 1-D array
 * (one column), a row-major `Float64Array` of length n·p, or p columns (an
 * array of p typed arrays of length n ≠ p); `groups` numbers or strings, or a
 * numeric typed array (`Int32Array`, sorted numerically without per-row
 * objects). The model keeps typed storage (`data`); the array-of-rows
 * properties (`exog`, `exogRe`, `groups`, `rowIndices`, `endog`) are built on
 * first use. Inputs are never mutated.
 *
 * @example
 * ```ts
 * const m = new MixedLM(y, X, groups, { exogRe: Z });
 * const r = m.fit();
 * console.log(r.summary());
 * // typed, columnar: 1e6 rows in a few hundred milliseconds
 * const m2 = new MixedLM(yF64, [ones, xF64], gI32, { exogRe: [ones, xF64] });
 * ```
 */
export class MixedLM {
  readonly exogVc: VCSpec;
  readonly groupLabels: GroupLabel[];
  readonly nGroups: number;
  readonly nobs: number;
  readonly kFe: number;
  readonly kRe: number;
  readonly kRe2: number;
  /** Covariance parameters of the variance components: Σ d(d+1)/2 over `vcDims` (the number of components when all are scalar). */
  readonly kVc: number;
  /** Columns per level of each variance component (1 for statsmodels' components; d for a correlated d-column lme4 term). */
  readonly vcDims: number[];
  readonly useSqrt: boolean;
  readonly exogNames: string[];
  readonly exogReNames: string[];
  readonly paramNames: string[];
  readonly endogName: string;
  readonly nDropped: number;
  readonly warnings: MixedLMWarning[] = [];
  readonly solverKind: 'dense' | 'sparse';
  /** The sparse solver's factorization of the inner matrix (path, predicted flops and fill, alternatives); null on the dense per-group solver. */
  readonly factorization: FactorizationInfo | null;
  /** False for a model built from cross products (`fromCrossProducts`): no rows, so no residuals, fitted values or simulation. */
  readonly hasRows: boolean;
  /** The random terms of a model built from cross products (their group names label `varCorr`); null otherwise. */
  readonly crossTerms: readonly CrossProductsTerm[] | null;
  /** REML (true, default) or ML; set by `fit`. */
  reml = true;
  /** How a formula-built model was made (`MixedLM.fromFormula`); null otherwise. */
  formula: FormulaModelInfo | null = null;
  fePen: Penalty | null = null;
  covPen: CovariancePenalty | null = null;
  freepat: MixedLMParams | null = null;
  private readonly core: LikelihoodCore;
  /** RMS of y − Xb₀ (b₀ the OLS fit): the response's unit, in which `fit` measures its objective */
  readonly responseUnit: number;
  /** ψ-direct engine (useSqrt: false, Ψ not PSD), built on first use */
  private psiCore: LikelihoodCore | null = null;
  private readonly design: GroupedDesign;
  private readonly ctorOptions: MixedLMOptions;
  private readonly td: TypedData;
  private readonly cache: { endog?: number[]; exog?: number[][]; exogRe?: number[][] | null; groups?: GroupLabel[]; rowIndices?: number[][] } = {};

  constructor(
    endog: ArrayLike<number>,
    exog: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
    groups: ArrayLike<GroupLabel>,
    options: MixedLMOptions = {},
  ) {
    checkModelOptions(options);
    this.ctorOptions = options;
    // fromCrossProducts: the data arrive as cross products (no rows)
    const cross = pendingCross;
    pendingCross = null;
    this.hasRows = cross === null;
    this.crossTerms = cross ? cross.terms.map((t) => ({ group: t.group, columns: t.columns.slice(), levels: t.levels })) : null;
    const crossModel = cross ? installedFn('crossModel') : null;
    const td = cross ? crossModel!.typedFromCross(cross) : prepareTyped(endog, exog, groups, options.exogRe, options.exogVc, options.missing ?? 'none', options.exogNames, options.endogName);
    this.groupLabels = td.groupLabels;
    this.nGroups = td.groupLabels.length;
    this.nobs = td.n;
    this.nDropped = td.nDropped;
    if (td.nDropped > 0) this.warnings.push({ code: 'missing-dropped', message: `dropped ${td.nDropped} rows with missing values`, count: td.nDropped });
    this.exogVc = td.exogVc;
    this.vcDims = td.exogVc.dims.slice();
    this.kVc = vcParamCount(this.vcDims);
    this.kFe = td.p;
    this.useSqrt = options.useSqrt ?? true;
    this.endogName = options.endogName ?? 'y';
    if (options.exogNames && options.exogNames.length !== this.kFe)
      throw new DimensionMismatchError('exogNames', `${this.kFe} names`, `${options.exogNames.length} names`);
    this.exogNames = options.exogNames ? options.exogNames.slice() : makeExogNamesTyped(td.X, td.n, td.p);
    let reNames: string[];
    if (td.Zre === null && this.vcDims.length === 0) {
      td.Zre = new Float64Array(td.n).fill(1);
      td.kRe = 1;
      reNames = options.exogReNames ? options.exogReNames.slice() : ['Group'];
    } else if (td.Zre !== null) {
      reNames = options.exogReNames ? options.exogReNames.slice() : Array.from({ length: td.kRe }, (_, j) => `x_re${j + 1}`);
    } else reNames = [];
    this.td = td;
    this.kRe = td.Zre ? td.kRe : 0;
    this.kRe2 = (this.kRe * (this.kRe + 1)) / 2;
    if (reNames.length !== this.kRe) throw new DimensionMismatchError('exogReNames', `${this.kRe} names`, `${reNames.length} names`);
    this.exogReNames = reNames;
    const pn = this.exogNames.slice();
    for (const [i, j] of trilIndices(this.kRe)) pn.push(i === j ? `${reNames[i]} Var` : `${reNames[j]} x ${reNames[i]} Cov`);
    this.exogVc.names.forEach((v, k) => {
      const d = this.vcDims[k]!;
      if (d === 1) return void pn.push(`${v} Var`);
      const cn = this.exogVc.columns[k]!;
      for (const [i, j] of trilIndices(d)) pn.push(i === j ? `${v} ${cn[i]} Var` : `${v} ${cn[j]} x ${cn[i]} Cov`);
    });
    this.paramNames = pn;
    if (cross) checkRankGram(Float64Array.from(cross.XtX), td.p, this.exogNames);
    // the response's location b₀ and unit s: the design holds y₀ = y − Xb₀ (location.ts)
    const cd = cross ? crossModel!.crossDesign(cross) : null;
    const crossD = cd ? cd.cross : null;
    let loc: WorkingFrame;
    if (cd) {
      const I = new Float64Array(td.p * td.p);
      for (let s = 0; s < td.p; s++) I[s * td.p + s] = 1;
      loc = { X: td.X, gram: new Float64Array(0), T: I, Tinv: I, logDetT: 0, b0: cd.b0, y0: td.y, s: cd.s };
    } else {
      loc = workingFrame(td.X, td.y, td.n, td.p);
      // on the centred and scaled columns: x + 10⁶ beside the intercept is as full-rank as x
      checkRankGram(loc.gram, td.p, this.exogNames);
    }
    this.responseUnit = loc.s;
    // design: typed storage; per-group row arrays only when asked for
    let rows: Int32Array[] | null = null;
    const design = {
      n: td.n,
      p: td.p,
      kRe: this.kRe,
      kVc: this.vcDims.length,
      vcDims: this.vcDims,
      y: loc.y0,
      X: loc.X,
      Zre: td.Zre ?? new Float64Array(0),
      vcMats: this.exogVc.mats,
      ...(crossD ? { cross: crossD } : {}),
    } as GroupedDesign;
    Object.defineProperty(design, 'rows', {
      enumerable: true,
      get: (): Int32Array[] => (rows ??= Array.from({ length: this.nGroups }, (_, g) => td.rowIdx.subarray(td.rowPtr[g]!, td.rowPtr[g + 1]!))),
    });
    this.design = design;
    const want = options.solver ?? 'auto';
    if (!['auto', 'dense', 'sparse'].includes(want)) throw new InvalidArgumentError('solver', `unknown value '${want}'`);
    let inner: InnerSolver;
    const canSparse = this.nGroups === 1 && crossedApplicable(this.design);
    const blocks = this.vcDims.some((d) => d > 1);
    if (blocks && (!canSparse || want === 'dense'))
      throw new InvalidArgumentError('exogVc', 'variance components with more than one column per level (dims > 1) need a single group and the sparse solver (the general lme4 class: see MixedLM.fromTerms)');
    if (blocks && this.useSqrt === false) throw new InvalidArgumentError('useSqrt', 'variance components with dims > 1 are fitted in the square-root (Cholesky) parameterization only');
    if (want === 'sparse' || blocks) {
      if (!canSparse) throw new InvalidArgumentError('solver', "'sparse' needs a single group, no exogRe and variance components only");
      inner = new CrossedInner(this.design);
      this.solverKind = 'sparse';
    } else if (want === 'auto' && canSparse && this.vcDims.length > 0 && totalVcCols(this.design) >= 64) {
      inner = new CrossedInner(this.design);
      this.solverKind = 'sparse';
    } else {
      inner = new DenseInner(this.design, td);
      this.solverKind = 'dense';
    }
    this.core = new LikelihoodCore(this.design, inner, loc);
    this.factorization = inner instanceof CrossedInner ? inner.factorization : null;
  }

  /** endog (materialized from the typed storage on first use). */
  get endog(): number[] {
    return (this.cache.endog ??= Array.from(this.td.y));
  }

  /** exog rows (materialized on first use). */
  get exog(): number[][] {
    const { X, n, p } = this.td;
    return (this.cache.exog ??= Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * p, i * p + p))));
  }

  /** exog_re rows (materialized on first use); null for a variance-components-only model. */
  get exogRe(): number[][] | null {
    if (this.cache.exogRe !== undefined) return this.cache.exogRe;
    const { Zre, n } = this.td;
    const k = this.kRe;
    return (this.cache.exogRe = Zre ? Array.from({ length: n }, (_, i) => Array.from(Zre.subarray(i * k, i * k + k))) : null);
  }

  /** Group label of each row (materialized on first use). */
  get groups(): GroupLabel[] {
    const { groupOf } = this.td;
    return (this.cache.groups ??= Array.from(groupOf, (g) => this.groupLabels[g]!));
  }

  /** Row indices of each group, in sorted label order (materialized on first use). */
  get rowIndices(): number[][] {
    const { rowPtr, rowIdx } = this.td;
    return (this.cache.rowIndices ??= Array.from({ length: this.nGroups }, (_, g) => Array.from(rowIdx.subarray(rowPtr[g]!, rowPtr[g + 1]!))));
  }

  /**
   * The validated data in typed storage (endog, row-major exog and exog_re,
   * group index per row, rows by group). Do not mutate.
   *
   * @example
   * ```ts
   * const { y, X, rowPtr } = model.data;
   * ```
   */
  get data(): Readonly<TypedData> {
    return this.td;
  }

  /** Size of each group (sorted label order). */
  get groupSizes(): Int32Array {
    const { rowPtr } = this.td;
    const out = new Int32Array(this.nGroups);
    for (let g = 0; g < out.length; g++) out[g] = rowPtr[g + 1]! - rowPtr[g]!;
    return out;
  }

  /**
   * A model from a formula and a table (rows, columns or an Arrow table).
   * statsmodels dialect: `groups` (+ `reFormula`, `vcFormula`); lme4 dialect:
   * `(expr | g)` terms in the formula — one term → groups = g, exogRe = its
   * columns; scalar terms on several factors → one group, one variance
   * component per term (crossed engine); a correlated term on g plus terms
   * nested in g → groups = g with per-group components. See `from-formula.ts`.
   *
   * @example
   * ```ts
   * const m = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', rows);
   * const m2 = MixedLM.fromFormula('Reaction ~ Days', rows, { groups: 'Subject', reFormula: '~Days' });
   * ```
   */
  static fromFormula(formula: string, data: TableInput, options: FromFormulaOptions = {}): MixedLM {
    return modelFromFormula(this, formula, data, options);
  }

  /**
   * The general (lme4) class from arrays: fixed effects X and a list of
   * random-effects terms, each a grouping factor and its k columns of Z (dense
   * rows, row-major typed, or CSR), with an unstructured k × k covariance per
   * term. Terms may be crossed, nested or on the same factor; they form one
   * group (the sparse engine). Options as the constructor's (`exogNames`, …).
   *
   * @example
   * ```ts
   * // rt ~ cond + (1 + cond | subj) + (1 + cond | item)
   * const zRows = rows.map((r) => [1, r.cond]);
   * const m = MixedLM.fromTerms(rt, rows.map((r) => [1, r.cond]), [
   *   { name: 'subj', factor: rows.map((r) => r.subj), z: zRows, columnNames: ['(Intercept)', 'cond'] },
   *   { name: 'item', factor: rows.map((r) => r.item), z: zRows, columnNames: ['(Intercept)', 'cond'] },
   * ], { exogNames: ['Intercept', 'cond'] });
   * const fit = m.fit(); // REML
   * fit.varCorr();       // lme4's VarCorr rows
   * ```
   */
  static fromTerms(endog: ArrayLike<number>, exog: ArrayLike<number> | ArrayLike<ArrayLike<number>>, terms: readonly RandomTermSpec[], options: Omit<MixedLMOptions, 'exogRe' | 'exogVc'> = {}): MixedLM {
    const n = endog.length;
    const vc = termsToVcSpec(terms, n);
    return new this(endog, exog, new Int32Array(n), { ...options, exogVc: vc });
  }

  /**
   * The general class from sufficient statistics: XᵀX, Xᵀy, yᵀy, n and, per
   * random term, ZᵀZ, ZᵀX, Zᵀy (Z = [Z₁ … Z_m], term i on lᵢ·kᵢ columns,
   * level-major). An engine that holds the rows (DuckDB, ClickHouse, memory)
   * aggregates them where they live; the fit, standard errors, conditional
   * modes and variances, intervals and comparisons need nothing else. What
   * needs the rows (residuals, fitted values, simulation, bootstrap) raises.
   * One term with an `(Intercept)` column is statsmodels' grouped model (one
   * group per level, the dense per-group solver); otherwise one sparse group.
   * The reader of the sums comes with the names that make them
   * (`crossProductsInMemory`, `crossProductsFromSql`, `assembleCrossProducts`):
   * a browser bundle that imports only `MixedLM` leaves it out and throws
   * `NotInstalledError` here (src/registry.ts); under Node it is always there.
   *
   * @example
   * ```ts
   * const m = MixedLM.fromCrossProducts(crossProductsInMemory('Reaction ~ Days + (Days | Subject)', table));
   * const byHand = MixedLM.fromCrossProducts(assembleCrossProducts({ n, response, feNames, XtX, Xty, yty, terms, pairs }));
   * m.fit().varCorr();
   * ```
   */
  static fromCrossProducts(cp: ModelCrossProducts, options: Pick<MixedLMOptions, 'useSqrt'> = {}): MixedLM {
    const { checkCrossProducts, crossModelOptions } = installedFn('crossModel');
    checkCrossProducts(cp);
    pendingCross = cp;
    try {
      return new this(new Float64Array(0), new Float64Array(0), [], { exogNames: cp.feNames.slice(), endogName: cp.response ?? 'y', ...crossModelOptions(cp), ...(options.useSqrt === undefined ? {} : { useSqrt: options.useSqrt }) });
    } finally {
      pendingCross = null;
    }
  }

  /**
   * Throws unless the model has rows (one built by `fromCrossProducts` has none).
   *
   * @example
   * ```ts
   * model.requireRows('residuals');
   * ```
   */
  requireRows(what: string): void {
    if (!this.hasRows) throw new InvalidArgumentError('model', `${what} needs the data rows, and this model was built from cross products (MixedLM.fromCrossProducts); refit from the data for it`);
  }

  /** The options the model was built with (used by `profileRe`). */
  get initOptions(): MixedLMOptions {
    return this.ctorOptions;
  }

  /** Internal: the likelihood engine. */
  get likelihood(): LikelihoodCore {
    return this.core;
  }

  /** (L, λ) from a parameter object or packed covariance vector; null when not representable. */
  private thetaOf(params: MixedLMParams | ArrayLike<number>, hasFe: boolean, useSqrt: boolean): { L: Float64Array; lam: Float64Array; po: MixedLMParams } | null {
    const k = this.kRe;
    const L = new Float64Array(k * k);
    const lam = new Float64Array(this.kVc);
    let po: MixedLMParams;
    if (params instanceof MixedLMParams) po = params;
    else {
      const need = this.kRe2 + this.kVc + (hasFe ? this.kFe : 0);
      if (params.length !== need) throw new DimensionMismatchError('params', `${need} values`, `${params.length} values`);
      po = MixedLMParams.fromPacked(params, this.kFe, this.kRe, useSqrt, hasFe, this.vcDims);
      if (useSqrt) {
        let o = hasFe ? this.kFe : 0;
        for (const [i, j] of trilIndices(k)) L[i * k + j] = params[o++]!;
        for (let t = 0; t < this.kVc; t++) lam[t] = params[o++]!;
        return { L, lam, po };
      }
    }
    if (k > 0) {
      const l = choleskyLower(po.covRe);
      if (!l) return null;
      for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) L[i * k + j] = l[i]![j]!;
    }
    const f = vcFactor(po.vcomp, this.vcDims);
    if (!f) return null;
    lam.set(f);
    return { L, lam, po };
  }

  /**
   * The Cholesky square roots of a parameter state: L (kRe × kRe, row-major,
   * lower) of cov_re/scale and, per variance component, λ = √vcomp or the
   * packed lower triangle of its block's factor T (Λ = blockdiag(L, T_k ⊗ levels)).
   * Null when a covariance is not positive semidefinite.
   *
   * @example
   * ```ts
   * const { L, lam } = model.factorOf(result.paramsObject)!;
   * ```
   */
  factorOf(po: MixedLMParams): { L: Float64Array; lam: Float64Array } | null {
    const th = this.thetaOf(po, false, false);
    return th ? { L: th.L, lam: th.lam } : null;
  }

  /**
   * useSqrt: false and Ψ not positive semidefinite (thetaOf gave null): evaluate
   * at (cov_re, vcomp) themselves with the ψ-direct engine (inner/psi.ts).
   */
  private psiEval(params: MixedLMParams | ArrayLike<number>, hasFe: boolean, profileFe: boolean): { st: EvalState; core: LikelihoodCore; po: MixedLMParams } | null {
    if (this.useSqrt) return null;
    const po = params instanceof MixedLMParams ? params : MixedLMParams.fromPacked(params, this.kFe, this.kRe, false, hasFe, this.vcDims);
    const k = this.kRe;
    const P = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) P[i * k + j] = po.covRe[i]![j]!;
    const core = (this.psiCore ??= new LikelihoodCore(this.design, psiInner((this.core.inner as DenseInner | CrossedInner).groupSums()), this.core));
    return { st: core.evaluate(P, Float64Array.from(po.vcomp), profileFe ? null : Float64Array.from(po.feParams)), core, po };
  }

  private covReInv(cov: number[][]): number[][] | null {
    return this.kRe > 0 ? invert(cov) : [];
  }

  /**
   * Profile log-likelihood (scale profiled out; fixed effects too when
   * `profileFe`). `params`: a `MixedLMParams`, or the packed covariance
   * parameters (no fixed effects) in the model's `useSqrt` parameterization.
   *
   * @example
   * ```ts
   * model.loglike([0.8, 0.1, 0.2]);
   * ```
   */
  loglike(params: MixedLMParams | ArrayLike<number>, profileFe = true): number {
    const th = this.thetaOf(params, false, this.useSqrt);
    const ev = th ? { st: this.core.evaluate(th.L, th.lam, profileFe ? null : Float64Array.from(th.po.feParams)), po: th.po } : this.psiEval(params, false, profileFe);
    if (!ev) return NaN;
    let ll = this.core.loglikeOf(ev.st, this.reml);
    if (this.covPen && this.kRe > 0) ll -= this.covPen.func(ev.po.covRe, this.covReInv(ev.po.covRe));
    if (this.fePen) ll -= this.fePen.func(ev.st.beta);
    return ll;
  }

  /** Evaluate the state at params (helper for score/hessian). */
  private stateAt(params: MixedLMParams | ArrayLike<number>, hasFe: boolean, useSqrt: boolean, profileFe: boolean): { st: EvalState; L: Float64Array; lam: Float64Array; po: MixedLMParams; core: LikelihoodCore } | null {
    const th = this.thetaOf(params, hasFe, useSqrt);
    if (!th) {
      const ps = useSqrt ? null : this.psiEval(params, hasFe, profileFe);
      return ps && ps.st.ok ? { ...ps, L: new Float64Array(0), lam: new Float64Array(0) } : null;
    }
    const st = this.core.evaluate(th.L, th.lam, profileFe ? null : Float64Array.from(th.po.feParams));
    if (!st.ok) return null;
    return { st, ...th, core: this.core };
  }

  /**
   * Score with respect to the fixed effects (zeros unless `calcFe`), tril(cov_re)
   * and vcomp, all in the profile scale (statsmodels' `score_full`).
   *
   * @example
   * ```ts
   * const { fe, re, vc } = model.scoreFull(MixedLMParams.fromComponents({ feParams: [1], covRe: [[1]] }), true);
   * ```
   */
  scoreFull(params: MixedLMParams, calcFe: boolean): { fe: number[]; re: number[]; vc: number[] } {
    const s = this.stateAt(params, false, false, false);
    if (!s) return { fe: new Array<number>(this.kFe).fill(NaN), re: new Array<number>(this.kRe2).fill(NaN), vc: new Array<number>(this.kVc).fill(NaN) };
    const r = s.core.scoreFull(s.st, this.reml, calcFe);
    return this.penalizeScore(r, s.po, calcFe, s.st.beta);
  }

  private penalizeScore(r: { fe: Float64Array; re: Float64Array; vc: Float64Array }, po: MixedLMParams, calcFe: boolean, beta: Float64Array): { fe: number[]; re: number[]; vc: number[] } {
    const fe = Array.from(r.fe);
    const re = Array.from(r.re);
    if (this.covPen && this.kRe > 0) {
      const d = this.covPen.deriv(po.covRe, this.covReInv(po.covRe));
      for (let i = 0; i < re.length; i++) re[i]! -= d[i]!;
    }
    if (calcFe && this.fePen) {
      const d = this.fePen.deriv(beta);
      for (let i = 0; i < fe.length; i++) fe[i]! -= d[i]!;
    }
    return { fe, re, vc: Array.from(r.vc) };
  }

  /**
   * Score with respect to the square-root parameterization (Cholesky factor of
   * cov_re, √vcomp), statsmodels' `score_sqrt`. `params` given as a
   * `MixedLMParams` uses L = chol(cov_re).
   *
   * @example
   * ```ts
   * model.scoreSqrt(MixedLMParams.fromPacked([0.8, 0.1, 0.2], 2, 2, true, false), false);
   * ```
   */
  scoreSqrt(params: MixedLMParams | ArrayLike<number>, calcFe = true): { fe: number[]; re: number[]; vc: number[] } {
    return this.scoreSqrtInternal(params, calcFe, false);
  }

  private scoreSqrtInternal(params: MixedLMParams | ArrayLike<number>, calcFe: boolean, profileFe: boolean): { fe: number[]; re: number[]; vc: number[] } {
    const s = this.stateAt(params, false, true, profileFe);
    if (!s) return { fe: new Array<number>(this.kFe).fill(NaN), re: new Array<number>(this.kRe2).fill(NaN), vc: new Array<number>(this.kVc).fill(NaN) };
    const full = this.penalizeScore(this.core.scoreFull(s.st, this.reml, calcFe), s.po, calcFe, s.st.beta);
    const ch = this.core.chainSqrt(Float64Array.from(full.re), Float64Array.from(full.vc), s.L, s.lam);
    return { fe: full.fe, re: Array.from(ch.re), vc: Array.from(ch.vc) };
  }

  /**
   * Score of the profile log-likelihood in the model's parameterization
   * (`useSqrt`), masked by the `free` pattern of the last fit. With
   * `profileFe` only the covariance parameters are returned.
   *
   * @example
   * ```ts
   * model.score([0.8, 0.1, 0.2]);
   * ```
   */
  score(params: MixedLMParams | ArrayLike<number>, profileFe = true): number[] {
    return this.valueAndScore(params, profileFe).score;
  }

  /** loglike and score from one factorization (used by `fit`). */
  private valueAndScore(params: MixedLMParams | ArrayLike<number>, profileFe: boolean): { ll: number; score: number[] } {
    const nan = (): { ll: number; score: number[] } => ({ ll: NaN, score: new Array<number>((profileFe ? 0 : this.kFe) + this.kRe2 + this.kVc).fill(NaN) });
    const s = this.stateAt(params, false, this.useSqrt, profileFe);
    if (!s) return nan();
    let ll = this.core.loglikeOf(s.st, this.reml);
    if (this.covPen && this.kRe > 0) ll -= this.covPen.func(s.po.covRe, this.covReInv(s.po.covRe));
    if (this.fePen) ll -= this.fePen.func(s.st.beta);
    const full = this.penalizeScore(s.core.scoreFull(s.st, this.reml, !profileFe), s.po, !profileFe, s.st.beta);
    const r = { fe: full.fe, re: full.re, vc: full.vc };
    if (this.useSqrt) {
      const ch = this.core.chainSqrt(Float64Array.from(full.re), Float64Array.from(full.vc), s.L, s.lam);
      r.re = Array.from(ch.re);
      r.vc = Array.from(ch.vc);
    }
    if (this.freepat) {
      const f = this.freepat;
      r.fe = r.fe.map((v, i) => v * f.feParams[i]!);
      const tr = trilIndices(this.kRe);
      r.re = r.re.map((v, i) => v * f.covRe[tr[i]![0]]![tr[i]![1]]!);
      r.vc = r.vc.map((v, i) => v * f.vcomp[i]!);
    }
    return { ll, score: profileFe ? [...r.re, ...r.vc] : [...r.fe, ...r.re, ...r.vc] };
  }

  /**
   * Hessian of the log-likelihood (scale profiled) with respect to
   * (fe_params, tril(cov_re/scale), vcomp/scale) — statsmodels' `hessian`.
   * A packed array is read with fixed effects and the model's `useSqrt`.
   *
   * @example
   * ```ts
   * model.hessian(result.paramsObject);
   * ```
   */
  hessian(params: MixedLMParams | ArrayLike<number>): number[][] {
    const s = this.stateAt(params, true, this.useSqrt, false);
    const m = this.kFe + this.kRe2 + this.kVc;
    if (!s) return Array.from({ length: m }, () => new Array<number>(m).fill(NaN));
    return s.core.hessian(s.st, this.reml);
  }

  /**
   * GLS estimate of the fixed effects at the given (profile-scale) covariance.
   *
   * @example
   * ```ts
   * model.getFeParams([[1]], []);
   * ```
   */
  getFeParams(covRe: number[][], vcomp: ArrayLike<number>): number[] {
    const po = MixedLMParams.fromComponents({ feParams: new Array<number>(this.kFe).fill(0), covRe, vcomp, vcDims: this.vcDims });
    const s = this.stateAt(po, false, false, true);
    if (!s) return new Array<number>(this.kFe).fill(NaN);
    return Array.from(s.st.beta);
  }

  /**
   * The error variance estimate rᵀV⁻¹r/(n − p) (REML) or /n (ML).
   *
   * @example
   * ```ts
   * model.getScale(fe, covRe, vcomp);
   * ```
   */
  getScale(feParams: ArrayLike<number>, covRe: number[][], vcomp: ArrayLike<number>): number {
    const po = MixedLMParams.fromComponents({ feParams, covRe, vcomp, vcDims: this.vcDims });
    const s = this.stateAt(po, false, false, false);
    if (!s) return NaN;
    return s.st.qf / this.core.fac(this.reml);
  }

  /**
   * Fixed-effects predictions Xβ (exog defaults to the model's).
   *
   * @example
   * ```ts
   * model.predict(result.feParams);
   * ```
   */
  predict(params: MixedLMParams | ArrayLike<number>, exog?: number[][]): number[] {
    const X = exog ?? this.exog;
    const b = params instanceof MixedLMParams ? params.feParams : Array.from(params).slice(0, this.kFe);
    return X.map((r) => {
      if (r.length !== this.kFe) throw new DimensionMismatchError('exog', `${this.kFe} columns`, `${r.length} columns`);
      let s = 0;
      for (let j = 0; j < this.kFe; j++) s += r[j]! * b[j]!;
      return s;
    });
  }

  /**
   * Split a per-row array into per-group arrays (sorted group order).
   *
   * @example
   * ```ts
   * model.groupList(model.endog);
   * ```
   */
  groupList<T>(array: ArrayLike<T>): T[][] {
    if (array.length !== this.nobs) throw new DimensionMismatchError('groupList', `${this.nobs} rows`, `${array.length} rows`);
    return this.rowIndices.map((ix) => ix.map((i) => array[i]!));
  }

  /**
   * A simulator for this model at packed (fe, tril(cov_re), vcomp) profile-scale
   * parameters and `scale`.
   *
   * @example
   * ```ts
   * const y = model.getDistribution(res.params, res.scale).rvs(42);
   * ```
   */
  getDistribution(params: ArrayLike<number>, scale: number, exog?: number[][]): MixedLMDistribution {
    return new MixedLMDistribution(this, params, scale, exog ?? this.exog);
  }

  /**
   * Fit by maximizing the (restricted) profile likelihood, trying the optimizers
   * in `method` in turn, as statsmodels' `fit`.
   *
   * @example
   * ```ts
   * const r = model.fit({ reml: false });
   * ```
   */
  fit(options: FitOptions = {}): MixedLMResults {
    checkFitOptions(options);
    let methods = options.method ?? ['bfgs', 'lbfgs', 'cg'];
    if (typeof methods === 'string') methods = [methods];
    if (!Array.isArray(methods) || methods.length === 0) throw new InvalidArgumentError('method', 'expected an optimizer name or a non-empty list');
    for (const m of methods) {
      const ml = String(m).toLowerCase();
      if (ml === 'newton' || ml === 'ncg') throw new InvalidArgumentError('method', `method ${m} not available for MixedLM`);
      if (!OPTIMIZERS.includes(ml)) throw new InvalidArgumentError('method', `unknown optimizer '${m}' (expected one of ${OPTIMIZERS.join(', ')})`);
    }
    const warnings: MixedLMWarning[] = [...this.warnings];
    this.reml = options.reml ?? true;
    this.covPen = options.covPen ?? null;
    this.fePen = options.fePen ?? null;
    const free = options.free ?? null;
    if (free) this.checkFree(free);
    this.freepat = free;
    let params: MixedLMParams;
    let momStart = false;
    const sp = options.startParams;
    if (sp === undefined || sp === null) {
      params = new MixedLMParams(this.kFe, this.kRe, this.kVc, this.vcDims);
      params.covRe = Array.from({ length: this.kRe }, (_, i) => Array.from({ length: this.kRe }, (_, j) => (i === j ? 1 : 0)));
      // identity blocks (lme4's θ start: unit diagonal, zero covariances)
      params.vcomp = this.vcDims.flatMap((d) => trilIndices(d).map(([i, j]) => (i === j ? 1 : 0)));
      const mom = this.kRe === 0 && !free ? this.core.momentStart() : null;
      if (mom) params.vcomp = Array.from(mom);
      momStart = mom !== null;
      // grouped models with exog_re only: moment estimate of cov_re/scale (dense inner solver)
      const momRe = this.kRe > 0 && this.kVc === 0 && !free ? (this.core.inner.momentStartRe?.() ?? null) : null;
      if (momRe) params.covRe = momRe;
    } else if (sp instanceof MixedLMParams) {
      if (sp.kFe !== this.kFe || sp.kRe !== this.kRe || sp.kVc !== this.kVc)
        throw new InvalidArgumentError('startParams', `expected kFe=${this.kFe}, kRe=${this.kRe}, kVc=${this.kVc}`);
      params = sp.copy();
    } else {
      const arr = Array.from(sp);
      if (arr.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError('startParams', 'contains non-finite values');
      if (arr.length === this.kFe + this.kRe2 + this.kVc) params = MixedLMParams.fromPacked(arr, this.kFe, this.kRe, this.useSqrt, true, this.vcDims);
      else if (arr.length === this.kRe2 + this.kVc) params = MixedLMParams.fromPacked(arr, this.kFe, this.kRe, this.useSqrt, false, this.vcDims);
      else throw new InvalidArgumentError('startParams', `invalid length ${arr.length} (expected ${this.kFe + this.kRe2 + this.kVc} or ${this.kRe2 + this.kVc})`);
    }
    const hist: unknown[] | null = options.fullOutput ? [] : null;
    let packed: number[];
    if (sp !== undefined && !(sp instanceof MixedLMParams) && this.useSqrt && Array.from(sp).length <= this.kFe + this.kRe2 + this.kVc) {
      const arr = Array.from(sp);
      packed = arr.slice(arr.length - this.kRe2 - this.kVc);
    } else packed = params.getPacked(this.useSqrt, false);
    let converged = false;
    let finalScore: number[] | null = null;
    let gnorm = NaN;
    const n = this.nobs;
    const progress = options.onProgress ?? null;
    const tStart = Date.now();
    let evaluations = 0;
    const stop = abortCheck(options.signal, tStart, () => evaluations);
    stop?.();
    const hook = options.evaluationHook ?? null;
    // variance components from the moment start: one one-way surrogate step
    // (oneWaySurrogate) and a diagonal BFGS H₀ from the surrogate's curvature there
    let h0: Float64Array | null = null;
    if (momStart && this.useSqrt && !this.fePen && (options.doCg ?? true) && String(methods[0]).toLowerCase() === 'bfgs') {
      const s1 = this.core.surrogateStep(Float64Array.from(packed), this.reml);
      const s2 = s1 ? this.core.surrogateStep(s1.lam, this.reml) : null;
      evaluations += s1 ? 2 : 1;
      const use = s1 && s2 && s2.ll >= s1.ll ? s2 : s1;
      if (use === s2 && s1) packed = Array.from(s1.lam);
      if (use && use.curv.every((c) => c > 0 && Number.isFinite(c))) {
        const k = use.curv.length;
        h0 = new Float64Array(k * k);
        for (let i = 0; i < k; i++) h0[i * k + i] = n / use.curv[i]!;
      }
      if (hist) hist.push({ method: 'start', converged: true, iterations: 0, fev: evaluations, message: 'moment start with a one-way surrogate step' });
    }
    // −ℓ/n measured in the response's unit s (ℓ + fac·log s): the same numbers for any units of y
    const llUnit = this.core.fac(this.reml) * Math.log(this.responseUnit);
    if (options.doCg ?? true) {
      for (let j = 0; j < methods.length; j++) {
        const meth = methods[j]!.toLowerCase() as 'bfgs' | 'lbfgs' | 'cg' | 'nm';
        const evaluate = (x: Float64Array, g: Float64Array): number => {
          stop?.();
          const { ll, score: sc } = this.valueAndScore(x, true);
          evaluations++;
          if (progress) progress({ evaluations, objective: ll, elapsedSeconds: (Date.now() - tStart) / 1000, method: meth });
          if (!Number.isFinite(ll) || sc.some((v) => !Number.isFinite(v))) {
            g.fill(0);
            return Infinity;
          }
          for (let i = 0; i < g.length; i++) g[i] = -sc[i]! / n;
          return -(ll + llUnit) / n;
        };
        const fg = hook ? (x: Float64Array, g: Float64Array): number => hook(x, g, evaluate) : evaluate;
        const r = minimize(fg, packed, {
          method: meth,
          gtol: options.gtol ?? 1e-8,
          // with the surrogate's H₀: also stop once the quasi-Newton step is below 1e-5 of each parameter
          ...(j === 0 && h0 && options.gtol === undefined ? { initialInvHessian: h0, stepTol: 1e-5 } : j === 0 && h0 ? { initialInvHessian: h0 } : {}),
          // general (block) models: also stop once the quasi-Newton step is below 1e-5 of each θ (lme4's optimizers stop at ~1e-6 in θ)
          ...(!h0 && options.gtol === undefined && this.vcDims.some((d) => d > 1) ? { stepTol: 1e-5 } : {}),
          // block models start at lme4's θ = identity: the first trial moves θ by 1 (−∇ℓ/n alone says nothing about the distance)
          ...(j === 0 && !h0 && sp == null && this.vcDims.some((d) => d > 1) ? { firstStepLength: 1 } : {}),
          ...(options.maxiter !== undefined ? { maxiter: options.maxiter } : {}),
          keepHistory: hist !== null,
        });
        if (hist) hist.push({ method: meth, converged: r.converged, iterations: r.iterations, fev: r.fev, message: r.message, history: r.history });
        packed = Array.from(r.x);
        finalScore = r.grad.every(Number.isFinite) ? Array.from(r.grad, (g) => -g * n) : null;
        converged = r.converged;
        if (converged) break;
        if (j + 1 < methods.length) warnings.push({ code: 'optimizer-retried', message: `Retrying MixedLM optimization with ${methods[j + 1]}`, method: methods[j + 1]! });
        else warnings.push({ code: 'not-converged', message: 'MixedLM optimization failed, trying a different optimizer may help.' });
      }
      if (!converged) {
        const gsc = this.score(packed, true);
        gnorm = Math.sqrt(gsc.reduce((a, b) => a + b * b, 0));
        warnings.push({ code: 'not-converged', message: `Gradient optimization failed, |grad| = ${gnorm.toFixed(6)}`, gradNorm: gnorm });
      }
    }
    const po = MixedLMParams.fromPacked(packed, this.kFe, this.kRe, this.useSqrt, false, this.vcDims);
    return this.finishFit(po, converged, warnings, hist, free, finalScore);
  }

  /**
   * `fit`, yielding to the event loop between objective evaluations so that
   * `signal` can be aborted by a timer (see `fit-async.ts`).
   *
   * @example
   * ```ts
   * const r = await model.fitAsync({ signal: AbortSignal.timeout(10_000) });
   * ```
   */
  fitAsync(options: FitAsyncOptions = {}): Promise<MixedLMResults> {
    return fitAsync(this, options);
  }

  /** Build the results object at converged covariance parameters (statsmodels' fit tail). */
  finishFit(po: MixedLMParams, converged: boolean, warnings: MixedLMWarning[], hist: unknown[] | null, free: MixedLMParams | null, finalScore: number[] | null = null): MixedLMResults {
    const covReUnscaled = po.covRe;
    const vcompUnscaled = po.vcomp;
    const fe = this.getFeParams(covReUnscaled, vcompUnscaled);
    po.feParams = fe;
    const scale = this.getScale(fe, covReUnscaled, vcompUnscaled);
    const covRe = covReUnscaled.map((r) => r.map((v) => v * scale));
    const vcomp = vcompUnscaled.map((v) => v * scale);
    const sing = singularTerms(po, this);
    if (sing.length > 0)
      warnings.push({
        code: 'boundary',
        message: `boundary (singular) fit: ${sing.join(', ')} (a relative Cholesky diagonal θ below 1e-4: a variance at 0 or a correlation at ±1, judged relative to the residual σ as lme4's isSingular)`,
      });
    if ((this.vcDims.every((d) => d === 1) && vcomp.some((v) => v < 0)) || !isPositiveSemidefinite(covRe)) {
      warnings.push({ code: 'not-psd', message: 'The estimated random-effects covariance is not positive semidefinite (reachable with useSqrt: false); refit with useSqrt: true to stay in the parameter space.' });
    }
    const frames = this.hessianFrames(po);
    const hess = frames.user;
    // inverted in the core's coordinates (centred, scaled columns; well conditioned when a column sits far
    // from zero), then Cov(β) = T·Cov(δ)·Tᵀ; a `free` pattern names the user's parameters, so its fits use theirs
    const hw = free ? hess : frames.core;
    const m = hess.length;
    let pcov: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    let ii: number[];
    if (free) {
      const pat = free.getPacked(false, true);
      ii = pat.map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0);
    } else ii = hess.map((_, i) => i);
    if (ii.length > 0) {
      const h1 = ii.map((a) => ii.map((b) => -hw[a]![b]!));
      const inv0 = invertEquilibrated(h1);
      const inv = inv0 && !free ? this.coreToUserCov(inv0) : inv0;
      if (!inv) {
        if (!free) pcov = pcov.map((r) => r.map(() => NaN));
        else ii.forEach((a) => ii.forEach((b) => (pcov[a]![b] = NaN)));
        // the fixed effects keep lme4's σ²(XᵀV⁻¹X)⁻¹; the covariance parameters in the Hessian's null space are named
        const feCov = this.feCovariance(po, scale);
        if (feCov && !free) for (let a = 0; a < this.kFe; a++) for (let b = 0; b < this.kFe; b++) pcov[a]![b] = feCov[a * this.kFe + b]!;
        const unidentified = free ? [] : nullSpaceParams(hess, this.kFe, this.paramNames);
        warnings.push({
          code: 'hessian-singular',
          message: `The Hessian matrix at the estimated parameter values is singular${unidentified.length ? ` (not identified: ${unidentified.join(', ')})` : ''}; covariances of the covariance parameters are NaN${feCov && !free ? '; the fixed effects keep σ²(XᵀV⁻¹X)⁻¹ as lme4 reports them' : ''}.`,
          unidentified,
        });
      } else ii.forEach((a, x) => ii.forEach((b, y) => (pcov[a]![b] = inv[x]![y]!)));
    }
    if (ii.some((i) => hw[i]![i]! >= 0))
      warnings.push({ code: 'hessian-not-pd', message: 'The Hessian matrix at the estimated parameter values is not positive definite.' });
    const conv = this.fePen || this.covPen ? null : this.convergenceAt(po, hw, free, warnings, finalScore);
    const covParams = pcov;
    const paramsPacked = po.getPacked(false, true);
    return new MixedLMResults(this, {
      params: paramsPacked,
      paramsObject: po,
      feParams: fe,
      covRe,
      covReUnscaled,
      vcomp,
      scale,
      covParams,
      reml: this.reml,
      converged,
      hist,
      warnings,
      freepat: free,
      covPen: this.covPen,
      convergence: conv,
    });
  }

  /** checkConv-style diagnostics in the optimizer's covariance parameters (convergence.ts); their warnings go to `warnings`. */
  private convergenceAt(po: MixedLMParams, hess: number[][], free: MixedLMParams | null, warnings: MixedLMWarning[], finalScore: number[] | null): ConvergenceDiagnostics | null {
    const m = this.kRe2 + this.kVc;
    if (m === 0) return null;
    const th = this.thetaOf(po, false, false);
    if (!th) return null;
    const packed = po.getPacked(this.useSqrt, false);
    // ∂ℓ/∂θ: the optimizer's last gradient at this point when there is one, else one evaluation
    const score = finalScore && finalScore.length === m ? finalScore : this.valueAndScore(packed, true).score;
    // J = ∂ψ/∂θ: row i is Jᵀe_i (the chain rule applied to a unit ψ-gradient); ψ itself without useSqrt
    const J = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      if (!this.useSqrt) {
        J[i * m + i] = 1;
        continue;
      }
      const e = new Float64Array(m);
      e[i] = 1;
      const ch = this.core.chainSqrt(e.subarray(0, this.kRe2), e.subarray(this.kRe2), th.L, th.lam);
      J.set(ch.re, i * m);
      J.set(ch.vc, i * m + this.kRe2);
    }
    // the diagonal entries of each relative factor (of ψ itself without useSqrt) on the boundary
    const boundary = new Array<boolean>(m).fill(false);
    const diagAt = (o: number, d: number): void => {
      for (let a = 0; a < d; a++) {
        const i = o + (a * (a + 1)) / 2 + a;
        boundary[i] = this.useSqrt ? Math.abs(packed[i]!) < 1e-4 : packed[i]! < 1e-8;
      }
    };
    trilIndices(this.kRe).forEach(([a, b], i) => {
      if (a === b) boundary[i] = this.useSqrt ? Math.abs(th.L[a * this.kRe + a]!) < 1e-4 : po.covRe[a]![a]! < 1e-8;
    });
    let o = this.kRe2;
    for (const d of this.vcDims) {
      diagAt(o, d);
      o += (d * (d + 1)) / 2;
    }
    const pat = free ? free.getPacked(false, false) : null;
    const fixed = Array.from({ length: m }, (_, i) => (pat ? pat[i] === 0 : false));
    const r = checkConvergence(hess, this.kFe, J, score, this.paramNames.slice(this.kFe), boundary, fixed);
    const unidentified = warnings.some((w) => w.code === 'hessian-singular');
    for (const w of r.warnings) if (!(unidentified && w.code === 'nearly-unidentifiable')) warnings.push(w as MixedLMWarning);
    return r.diagnostics;
  }

  /** The Hessian at a parameter state in the user's and in the core's coordinates (`LikelihoodCore.hessianFrames`). */
  private hessianFrames(po: MixedLMParams): { user: number[][]; core: number[][] } {
    const s = this.stateAt(po, true, false, false);
    const m = this.kFe + this.kRe2 + this.kVc;
    const nan = (): number[][] => Array.from({ length: m }, () => new Array<number>(m).fill(NaN));
    return s ? s.core.hessianFrames(s.st, this.reml) : { user: nan(), core: nan() };
  }

  /** A covariance over (δ, ψ) in the user's (β, ψ): J·C·Jᵀ with J = blockdiag(T, I). */
  private coreToUserCov(C: number[][]): number[][] {
    const p = this.kFe;
    const T = this.core.T;
    // rows, then columns, of the fixed-effect block through T (the covariance block keeps J = I)
    const rowsT = (M: number[][]): number[][] =>
      M.map((row, i) => (i < p ? row.map((_, j) => { let v = 0; for (let k = 0; k < p; k++) v += T[i * p + k]! * M[k]![j]!; return v; }) : row.slice()));
    const JC = rowsT(C);
    const Jt = (M: number[][]): number[][] => M[0]!.map((_, j) => M.map((r) => r[j]!));
    return Jt(rowsT(Jt(JC)));
  }

  /** σ²(XᵀV⁻¹X)⁻¹ (p × p row-major) at a parameter state, lme4's covariance of β̂; null when not available. */
  private feCovariance(po: MixedLMParams, scale: number): Float64Array | null {
    const th = this.thetaOf(po, false, false);
    if (!th) return null;
    const st = this.core.evaluate(th.L, th.lam, null);
    if (!st.ok || !st.hChol) return null;
    return this.core.hInv(st).map((v) => v * scale);
  }

  private checkFree(free: MixedLMParams): void {
    if (!(free instanceof MixedLMParams)) throw new InvalidArgumentError('free', 'expected a MixedLMParams pattern');
    if (free.kFe !== this.kFe || free.kRe !== this.kRe || free.kVc !== this.kVc)
      throw new InvalidArgumentError('free', `pattern has kFe=${free.kFe}, kRe=${free.kRe}, kVc=${free.kVc}; the model has ${this.kFe}, ${this.kRe}, ${this.kVc}`);
    const vals = [...free.feParams, ...free.covRe.flat(), ...free.vcomp];
    if (vals.some((v) => v !== 0 && v !== 1)) throw new InvalidArgumentError('free', 'entries must be 0 or 1');
    for (let i = 0; i < this.kRe; i++) for (let j = 0; j < i; j++) if (free.covRe[i]![j] !== free.covRe[j]![i]) throw new InvalidArgumentError('free', 'covRe pattern must be symmetric');
  }

  /**
   * L1-penalized fixed effects by cyclic coordinate descent, with the
   * dependence parameters held at the unpenalized fit (statsmodels'
   * `fit_regularized`).
   *
   * @example
   * ```ts
   * model.fitRegularized({ alpha: 10 });
   * ```
   */
  fitRegularized(options: { method?: 'l1' | Penalty; alpha?: number | number[]; ceps?: number; ptol?: number; maxit?: number; fitOptions?: FitOptions } = {}): MixedLMResults {
    const method = options.method ?? 'l1';
    const alphaIn = options.alpha ?? 0;
    if (typeof method !== 'string') {
      const pen = method as Penalty & { alpha?: number };
      if (typeof alphaIn === 'number') pen.alpha = alphaIn;
      return this.fit({ ...(options.fitOptions ?? {}), fePen: pen });
    }
    if (method.toLowerCase() !== 'l1') throw new InvalidArgumentError('method', 'Invalid regularization method');
    const alpha = typeof alphaIn === 'number' ? new Array<number>(this.kFe).fill(alphaIn) : alphaIn.slice();
    if (alpha.length !== this.kFe) throw new DimensionMismatchError('alpha', `${this.kFe} weights`, `${alpha.length} weights`);
    const ceps = options.ceps ?? 1e-4;
    const ptol = options.ptol ?? 1e-6;
    const maxit = options.maxit ?? 200;
    const mdf = this.fit(options.fitOptions ?? {});
    const fe = mdf.feParams.slice();
    const scale = mdf.scale;
    const th = this.thetaOf(mdf.paramsObject, false, false);
    if (!th) throw new InvalidArgumentError('fit', 'fitted covariance not representable');
    // at β = b₀: g₀ = XᵀV⁻¹(y − Xb₀) and H = XᵀV⁻¹X in the user's columns
    const st = this.core.evaluate(th.L, th.lam, this.core.b0);
    const H = this.core.feInformation(st);
    const g0 = this.core.feGradient(st);
    const p = this.kFe;
    for (let itr = 0; itr < maxit; itr++) {
      const prev = fe.slice();
      for (let j = 0; j < p; j++) {
        if (Math.abs(fe[j]!) < ceps) continue;
        fe[j] = 0;
        // a = x_jᵀV⁻¹x_j / scale, b = −2 x_jᵀV⁻¹r / scale, r = y − Xβ
        const a = H[j * p + j]! / scale;
        let xr = g0[j]!;
        for (let t = 0; t < p; t++) xr -= H[j * p + t]! * (fe[t]! - this.core.b0[t]!);
        const b = (-2 * xr) / scale;
        const w = alpha[j]!;
        if (b > w) fe[j] = -(b - w) / (2 * a);
        else if (b < -w) fe[j] = -(b + w) / (2 * a);
      }
      let dmax = 0;
      for (let j = 0; j < p; j++) dmax = Math.max(dmax, Math.abs(prev[j]! - fe[j]!));
      if (dmax < ptol) break;
    }
    const po = mdf.paramsObject.copy();
    po.feParams = fe;
    const scale2 = this.getScale(fe, po.covRe, po.vcomp);
    const hess = this.hessian(po);
    const m = hess.length;
    const pcov: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(NaN));
    const ii = hess.map((_, i) => i).filter((i) => i >= p || Math.abs(fe[i]!) > ceps);
    const inv = invert(ii.map((a) => ii.map((b) => -hess[a]![b]!)));
    if (inv) ii.forEach((a, x) => ii.forEach((b, y) => (pcov[a]![b] = inv[x]![y]!)));
    return new MixedLMResults(this, {
      params: po.getPacked(false, true),
      paramsObject: po,
      feParams: fe,
      covRe: po.covRe.map((r) => r.map((v) => v * scale2)),
      covReUnscaled: po.covRe,
      vcomp: po.vcomp.map((v) => v * scale2),
      scale: scale2,
      covParams: pcov,
      reml: mdf.reml,
      converged: true,
      hist: null,
      warnings: mdf.warnings.slice(),
      freepat: null,
      covPen: this.covPen,
    });
  }
}

/**
 * Terms at a singular fit, as lme4's `isSingular(tol = 1e-4)`: a diagonal
 * entry of a relative covariance factor (cov_re/scale, each component's
 * block/scale) below 1e-4 — scale-free, so the verdict does not change with
 * the units of y.
 */
function singularTerms(po: MixedLMParams, m: MixedLM): string[] {
  const TOL = 1e-4;
  const out: string[] = [];
  const smallDiag = (a: number[][]): boolean => {
    if (a.some((r, i) => !(r[i]! > TOL * TOL))) return true;
    const l = choleskyLower(a);
    return !l || l.some((r, i) => !(r[i]! >= TOL));
  };
  if (m.kRe > 0 && smallDiag(po.covRe)) out.push(m.exogReNames.length === 1 ? m.exogReNames[0]! : `cov_re (${m.exogReNames.join(', ')})`);
  m.exogVc.names.forEach((v, k) => {
    if (smallDiag(po.vcBlock(k))) out.push(v);
  });
  return out;
}

/**
 * Covariance parameters in the null space of the Hessian's covariance block
 * (eigenvalues below 1e-8 of the largest): those with a loading above 0.1 in a
 * null eigenvector are the ones the data do not identify.
 */
function nullSpaceParams(hess: number[][], kFe: number, names: string[]): string[] {
  const m = hess.length - kFe;
  if (m <= 0) return [];
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i * m + j] = -hess[kFe + i]![kFe + j]!;
  if (!A.every(Number.isFinite)) return [];
  const { values, vectors } = symEigen(A, m);
  const top = Math.max(...Array.from(values, Math.abs));
  const out = new Set<string>();
  for (let k = 0; k < m; k++) {
    if (Math.abs(values[k]!) > 1e-8 * top) continue;
    for (let i = 0; i < m; i++) if (Math.abs(vectors[i * m + k]!) > 0.1) out.add(names[kFe + i]!);
  }
  return [...out];
}

function totalVcCols(d: GroupedDesign): number {
  let s = 0;
  for (let k = 0; k < d.kVc; k++) {
    const m = d.vcMats[k]![0]!;
    s += Array.isArray(m) ? (m[0]?.length ?? 0) : (m as { ncol: number }).ncol;
  }
  return s;
}

/** Ψ ⪰ 0, tested by a Cholesky factorization of Ψ + δI with δ a rounding-level multiple of its largest diagonal entry. */
function isPositiveSemidefinite(a: number[][]): boolean {
  if (a.length === 0) return true;
  const delta = 1e-10 * Math.max(1, ...a.map((r, i) => Math.abs(r[i]!)));
  return choleskyLower(a.map((r, i) => r.map((v, j) => (i === j ? v + delta : v)))) !== null;
}
