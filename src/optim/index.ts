/**
 * Optimizers: BFGS, L-BFGS (optionally bounded), Polak–Ribière+ CG,
 * Nelder–Mead, and the strong Wolfe line search they share.
 *
 * @example
 * ```ts
 * import { minimize } from './optim/index.js';
 * const r = minimize((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, [3]);
 * ```
 */
export type {
  Objective,
  Gradient,
  ObjectiveWithGradient,
  IterationInfo,
  MinimizeOptions,
  MinimizeOptionsWithHistory,
  MinimizeResult,
} from './types.js';
export { minimize, minimizeDerivativeFree } from './minimize.js';
export { withGradient } from './objective.js';
export { StrongWolfe, cubicMin, quadMin } from './line-search.js';
export type { WolfeOptions, LineSearchStatus, LineSearchResult } from './line-search.js';
export { ProjectedBacktracking } from './projected-search.js';
export { Evaluator, ValueEvaluator } from './evaluator.js';
export { makeBox, project, projectedGradientNorm } from './bounds.js';
export type { Box } from './bounds.js';
export { bfgs } from './bfgs.js';
export { lbfgs, LbfgsMemory } from './lbfgs.js';
export { cg } from './cg.js';
export { nelderMead } from './nelder-mead.js';
export { resolveOptions } from './common.js';
export type { ResolvedOptions, MethodName } from './common.js';
