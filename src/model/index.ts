/**
 * The mixed linear model: `MixedLM`, its parameters, variance-component
 * specification, penalties and results.
 *
 * @example
 * ```ts
 * import { MixedLM } from './model/index.js';
 * const r = new MixedLM(y, X, groups).fit();
 * ```
 */
export { MixedLM } from './mixedlm.js';
export type { MixedLMOptions, FitOptions } from './mixedlm.js';
export { MixedLMParams } from './params.js';
export { VCSpec, convertVc, vcParamCount, vcColumnKeys } from './vcspec.js';
export { termsToVcSpec, type RandomTermSpec } from './terms/random-terms.js';
export type { VcMatrix } from './vcspec.js';
export { MixedLMResults } from './results.js';
export type { MixedLMWarning } from './results.js';
export { L2Penalty, PseudoHuberPenalty, PSDPenalty } from './penalty.js';
export type { Penalty, CovariancePenalty } from './penalty.js';
export { MixedLMDistribution } from './simulate.js';
export type { GroupLabel } from './prepare.js';
export { compareModels, refitML, countParams } from './compare.js';
export type { CompareResult, CompareRow, CompareOptions } from './compare.js';
export { confidenceIntervals, waldIntervals, profileIntervals } from './intervals.js';
export type { ConfIntOptions, IntervalRow } from './intervals.js';
export { parametricBootstrap, withEndog } from './bootstrap.js';
export type { BootstrapOptions, BootstrapResult } from './bootstrap.js';
export { randomEffectsCondVar } from './condvar.js';
export { ProfileEngine } from './profile.js';
export type { ProfileTarget, ProfilePoint } from './profile.js';
export type { FromFormulaOptions } from './from-formula.js';
export type { FormulaModelInfo, RandomTermInfo, TermEffects } from './formula-spec.js';
export { SavedFit, varCorrTerms, varCorrOf, termEffects, predictFromSpec, FIT_JSON_VERSION } from './formula-results.js';
export type { FitJSON, PredictOptions, SimulateOptions, PredictSpec } from './formula-results.js';
export { formulaInfoToJSON, formulaInfoFromJSON, type FormulaModelJSON, type RandomTermJSON } from './formula-spec.js';
export type { FitProgress } from './mixedlm.js';
export type { TypedData } from './prepare.js';
