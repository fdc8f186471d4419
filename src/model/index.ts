/**
 * The mixed linear model: `MixedLM`, its parameters, variance-component
 * specification, penalties and results.
 *
 * @example
 * ```ts
 * import { MixedLM } from './index.js';
 * const r = new MixedLM(y, X, groups).fit();
 * ```
 */
export { MixedLM } from './mixedlm.js';
export type { MixedLMOptions, FitOptions } from './mixedlm.js';
export { MixedLMParams } from './terms/params.js';
export { VCSpec, convertVc, vcParamCount, vcColumnKeys } from './terms/vcspec.js';
export { termsToVcSpec, type RandomTermSpec } from './terms/random-terms.js';
export type { VcMatrix } from './terms/vcspec.js';
export { MixedLMResults } from './results.js';
export type { MixedLMWarning } from './results.js';
export { L2Penalty, PseudoHuberPenalty, PSDPenalty } from './penalty.js';
export type { Penalty, CovariancePenalty } from './penalty.js';
export { MixedLMDistribution } from './inference/simulate.js';
export type { GroupLabel } from './prepare.js';
export { compareModels, refitML, countParams } from './inference/compare.js';
export type { CompareResult, CompareRow, CompareOptions } from './inference/compare.js';
export { confidenceIntervals, waldIntervals, profileIntervals } from './inference/intervals.js';
export type { ConfIntOptions, IntervalRow } from './inference/intervals.js';
export { parametricBootstrap, withEndog } from './inference/bootstrap.js';
export type { BootstrapOptions, BootstrapResult } from './inference/bootstrap.js';
export { randomEffectsCondVar } from './inference/condvar.js';
export { ProfileEngine } from './inference/profile.js';
export type { ProfileTarget, ProfilePoint } from './inference/profile.js';
export type { FromFormulaOptions } from './from-formula.js';
export type { FormulaModelInfo, RandomTermInfo, TermEffects } from './terms/formula-spec.js';
export { SavedFit, varCorrTerms, varCorrOf, termEffects, predictFromSpec, FIT_JSON_VERSION } from './formula-results.js';
export type { FitJSON, PredictOptions, SimulateOptions, PredictSpec } from './formula-results.js';
export { formulaInfoToJSON, formulaInfoFromJSON, type FormulaModelJSON, type RandomTermJSON } from './terms/formula-spec.js';
export type { FitProgress } from './mixedlm.js';
export type { TypedData } from './prepare.js';
