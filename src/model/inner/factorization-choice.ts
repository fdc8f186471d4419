/**
 * Which factorization of the inner matrix M a single-block model uses: the
 * three paths of `factorizationCosts` (dense Schur complement, supernodal
 * Cholesky of the whole of M under AMD, Schur complement with a sparse
 * trailing block), chosen once per model from their predicted flops.
 *
 * Rule: the fewest predicted flops wins; a path within {@link TIE} (10 %) of
 * the cheapest counts as tied, and ties go to dense-schur, then sparse-schur,
 * then supernodal. The dense kernels run more flops per second than the
 * sparse supernodal updates, and the Schur paths keep the lead/trailing split
 * that the score's lead quadratic forms and the Hessian's block norms use.
 */
import type { FactorizationCost, FactorizationPath } from '../../sparse/factorization-cost.js';
import { InvalidArgumentError } from '../../errors.js';

/** Relative flop difference under which two paths count as tied. */
export const TIE = 0.1;

const RANK: Record<FactorizationPath, number> = { 'dense-schur': 0, 'sparse-schur': 1, supernodal: 2 };

/** The factorization a model uses, as reported in a fit's diagnostics. */
export interface FactorizationInfo {
  /** the path taken */
  path: FactorizationPath;
  /** predicted flops of one factorization (Σ over factor columns of nonzeros², see `factorizationCosts`) */
  predictedFlops: number;
  /** predicted nonzeros of the factor (diagonal included; a dense Schur complement counted in full) */
  fillNnz: number;
  /** the ordering of the supernodal path: AMD, or the variance components by decreasing size */
  ordering?: 'amd' | 'blocks';
  /** every path that was costed, cheapest first (empty when only the supernodal path applies) */
  candidates: Array<{ path: FactorizationPath; predictedFlops: number; fillNnz: number }>;
  /** 'cost' (the rule above), 'only' (no diagonal lead block: supernodal) or 'forced' */
  chosenBy: 'cost' | 'only' | 'forced';
}

/**
 * The cheapest path by the rule above (costs in any order).
 *
 * @example
 * ```ts
 * const best = choosePath(factorizationCosts(M, { leadSize: 2972 }));
 * best.path; // 'sparse-schur' on InstEval's pattern
 * ```
 */
export function choosePath(costs: FactorizationCost[]): FactorizationCost {
  if (costs.length === 0) throw new InvalidArgumentError('costs', 'no factorization path to choose from');
  let min = Infinity;
  for (const c of costs) min = Math.min(min, c.flops);
  let best: FactorizationCost | null = null;
  for (const c of costs) if (c.flops <= min * (1 + TIE) && (best === null || RANK[c.path] < RANK[best.path])) best = c;
  return best!;
}

let forced: FactorizationPath | null = null;

/**
 * Internal (tests and benchmarks): make every single-block model built after
 * this call take `path` when it applies (null restores the cost rule). Not
 * exported from the package index.
 *
 * @example
 * ```ts
 * forceFactorizationPath('supernodal'); const r = model.fit(); forceFactorizationPath(null);
 * ```
 */
export function forceFactorizationPath(path: FactorizationPath | null): void {
  if (path !== null && !(path in RANK)) throw new InvalidArgumentError('path', `unknown factorization path '${String(path)}'`);
  forced = path;
}

/**
 * The path forced by {@link forceFactorizationPath}, or null.
 *
 * @example
 * ```ts
 * forcedFactorizationPath(); // null unless a test forced one
 * ```
 */
export function forcedFactorizationPath(): FactorizationPath | null {
  return forced;
}
