/**
 * Option resolution (per-method defaults) and iteration bookkeeping
 * (history, `onIteration`) shared by all methods.
 */
import { InvalidArgumentError } from '../errors.js';
import { Evaluator } from './evaluator.js';
import type { IterationInfo, MinimizeOptionsWithHistory, MinimizeResult, ObjectiveWithGradient } from './types.js';

/** Method names accepted by `minimize`. */
export type MethodName = 'bfgs' | 'lbfgs' | 'cg' | 'nm';

/** Options with every default filled in. */
export interface ResolvedOptions {
  gtol: number;
  ftol: number;
  xtol: number;
  maxiter: number;
  maxfev: number;
  memory: number;
  initialStep: number | undefined;
  firstStepLength: number | undefined;
  initialInvHessian: Float64Array | undefined;
  stepTol: number;
  onIteration: ((info: IterationInfo) => void) | undefined;
  keepHistory: boolean;
}

function nonNegative(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new InvalidArgumentError(name, `must be a non-negative number, got ${String(v)}`);
  }
  return v;
}

/**
 * Fills per-method defaults (see `minimize`) and validates values.
 *
 * @example
 * ```ts
 * resolveOptions('bfgs', 3, {}).maxiter; // 600
 * ```
 */
export function resolveOptions(method: MethodName, n: number, o: MinimizeOptionsWithHistory): ResolvedOptions {
  const nmBudget = Math.max(1000, 200 * n);
  const d = {
    bfgs: { ftol: 0, xtol: 0, maxiter: Math.max(200 * n, 1), maxfev: Infinity },
    cg: { ftol: 0, xtol: 0, maxiter: Math.max(200 * n, 1), maxfev: Infinity },
    lbfgs: { ftol: 2.2e-9, xtol: 0, maxiter: 15000, maxfev: 15000 },
    nm: { ftol: 2.2e-9, xtol: 1e-6, maxiter: nmBudget, maxfev: nmBudget },
  }[method];
  const memory = nonNegative('memory', o.memory, 10);
  if (!Number.isInteger(memory) || memory < 1) throw new InvalidArgumentError('memory', 'must be a positive integer');
  const initialStep = o.initialStep;
  if (initialStep !== undefined && !(initialStep > 0 && Number.isFinite(initialStep))) {
    throw new InvalidArgumentError('initialStep', `must be a positive finite number, got ${String(initialStep)}`);
  }
  const firstStepLength = o.firstStepLength;
  if (firstStepLength !== undefined && !(firstStepLength > 0 && Number.isFinite(firstStepLength))) {
    throw new InvalidArgumentError('firstStepLength', `must be a positive finite number, got ${String(firstStepLength)}`);
  }
  let initialInvHessian: Float64Array | undefined;
  if (o.initialInvHessian !== undefined) {
    const h = Float64Array.from(o.initialInvHessian);
    if (h.length !== n * n) throw new InvalidArgumentError('initialInvHessian', `expected ${n * n} entries, got ${h.length}`);
    for (let i = 0; i < n; i++) if (!(h[i * n + i]! > 0) || !Number.isFinite(h[i * n + i]!)) throw new InvalidArgumentError('initialInvHessian', 'diagonal must be positive and finite');
    if (h.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError('initialInvHessian', 'contains non-finite values');
    initialInvHessian = h;
  }
  return {
    gtol: nonNegative('gtol', o.gtol, 1e-5),
    ftol: nonNegative('ftol', o.ftol, d.ftol),
    xtol: nonNegative('xtol', o.xtol, d.xtol),
    maxiter: Math.floor(nonNegative('maxiter', o.maxiter, d.maxiter)),
    maxfev: Math.floor(nonNegative('maxfev', o.maxfev, d.maxfev)),
    memory,
    initialStep,
    firstStepLength,
    initialInvHessian,
    stepTol: nonNegative('stepTol', o.stepTol, 0),
    onIteration: o.onIteration,
    keepHistory: o.keepHistory === true,
  };
}

/**
 * Records the history and calls `onIteration`.
 *
 * @example
 * ```ts
 * const p = new Progress(resolveOptions('bfgs', 1, { keepHistory: true }));
 * p.start(new Float64Array([0]), 1); p.step(1, 3, new Float64Array([1]), 0, 0);
 * ```
 */
export class Progress {
  readonly history: { x: number[]; f: number }[] | undefined;
  private readonly cb: ((info: IterationInfo) => void) | undefined;
  constructor(opts: ResolvedOptions) {
    this.history = opts.keepHistory ? [] : undefined;
    this.cb = opts.onIteration;
  }
  /** Records the starting point. */
  start(x: Float64Array, f: number): void {
    this.history?.push({ x: Array.from(x), f });
  }
  /** Records a completed iteration. */
  step(iteration: number, fev: number, x: Float64Array, f: number, gnorm: number): void {
    this.history?.push({ x: Array.from(x), f });
    if (this.cb) this.cb({ iteration, fev, x: x.slice(), f, gnorm });
  }
  /** Attaches the history (if kept) to a result. */
  finish(r: MinimizeResult): MinimizeResult {
    if (this.history) r.history = this.history;
    return r;
  }
}

/**
 * True when the relative decrease (fOld − fNew) ≤ ftol·max(|fOld|, |fNew|, 1).
 *
 * @example
 * ```ts
 * smallRelativeDecrease(1, 1 - 1e-12, 2.2e-9); // true
 * ```
 */
export function smallRelativeDecrease(fOld: number, fNew: number, ftol: number): boolean {
  return ftol > 0 && fOld - fNew <= ftol * Math.max(Math.abs(fOld), Math.abs(fNew), 1);
}

/**
 * True when ‖xNew − xOld‖∞ ≤ xtol·max(‖xOld‖∞, 1).
 *
 * @example
 * ```ts
 * smallStep(new Float64Array([1]), new Float64Array([1 + 1e-12]), 1e-9); // true
 * ```
 */
export function smallStep(xOld: Float64Array, xNew: Float64Array, xtol: number): boolean {
  if (!(xtol > 0)) return false;
  let dmax = 0;
  let xmax = 1;
  for (let i = 0; i < xOld.length; i++) {
    dmax = Math.max(dmax, Math.abs(xNew[i]! - xOld[i]!));
    xmax = Math.max(xmax, Math.abs(xOld[i]!));
  }
  return dmax <= xtol * xmax;
}

/**
 * Start of a gradient method: x = copy of x0 (then `prepare(x)`, e.g. a
 * projection), f and g = ∇f at x (one evaluation, counted), history started.
 * Throws `InvalidArgumentError('x0')` when f or g is not finite there.
 *
 * @example
 * ```ts
 * const { f, g } = startRun((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; },
 *                           new Float64Array([3]), resolveOptions('bfgs', 1, {})); // f = 9, g = [6]
 * ```
 */
export function startRun(
  fg: ObjectiveWithGradient,
  x0: Float64Array,
  opts: ResolvedOptions,
  prepare?: (x: Float64Array) => void,
): { ev: Evaluator; progress: Progress; x: Float64Array; g: Float64Array; f: number } {
  const ev = new Evaluator(fg, opts.maxfev);
  const progress = new Progress(opts);
  const x = Float64Array.from(x0);
  prepare?.(x);
  const g = new Float64Array(x0.length);
  const f = ev.eval(x, g);
  if (f !== f) throw new InvalidArgumentError('x0', 'objective or gradient is not finite at the starting point');
  progress.start(x, f);
  return { ev, progress, x, g, f };
}

/** Why a gradient method stopped. */
export interface StopReason {
  converged: boolean;
  message: string;
}

/**
 * Stopping tests and result assembly shared by BFGS, CG and L-BFGS:
 * gtol / maxiter / maxfev before each iteration, ftol / xtol after an
 * accepted step. Reads counters only (never evaluates the objective).
 *
 * @example
 * ```ts
 * const opts = resolveOptions('bfgs', 1, {});
 * const ev = new Evaluator((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, opts.maxfev);
 * const stop = new Termination(opts, ev, new Progress(opts));
 * stop.before(0, 0); // { converged: true, message: 'gradient norm below gtol' }
 * ```
 */
export class Termination {
  constructor(
    private readonly opts: ResolvedOptions,
    private readonly ev: Evaluator,
    private readonly progress: Progress,
    private readonly gtolMessage = 'gradient norm below gtol',
  ) {}

  /** Before an iteration: ‖g‖ ≤ gtol, k ≥ maxiter, or the evaluation budget spent. */
  before(gnorm: number, k: number): StopReason | undefined {
    if (gnorm <= this.opts.gtol) return { converged: true, message: this.gtolMessage };
    if (k >= this.opts.maxiter) return { converged: false, message: 'maximum iterations reached' };
    return this.exhausted();
  }

  /** The evaluation budget spent (e.g. after a failed line search). */
  exhausted(): StopReason | undefined {
    return this.ev.exhausted ? { converged: false, message: 'maximum function evaluations reached' } : undefined;
  }

  /** After an accepted step fOld → f (only while ‖g‖ > gtol): ftol, then xtol. */
  after(gnorm: number, fOld: number, f: number, stepSmall: boolean): StopReason | undefined {
    if (!(gnorm > this.opts.gtol)) return undefined;
    if (smallRelativeDecrease(fOld, f, this.opts.ftol)) return { converged: true, message: 'relative reduction of f below ftol' };
    if (stepSmall) return { converged: true, message: 'step size below xtol' };
    return undefined;
  }

  /** The result at (x, f, g) after k iterations (gev = fev; history attached). */
  result(x: Float64Array, f: number, g: Float64Array, k: number, stop: StopReason, invHessian?: Float64Array): MinimizeResult {
    const fev = this.ev.fev;
    const r: MinimizeResult = { x, f, grad: g, iterations: k, fev, gev: fev, converged: stop.converged, message: stop.message };
    if (invHessian) r.invHessian = invHessian;
    return this.progress.finish(r);
  }
}
