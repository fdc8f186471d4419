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
export type { ModelCrossProducts, CrossProductsTerm } from './cross-products.js';
export type { VcMatrix } from './terms/vcspec.js';
export { MixedLMResults } from './results-api.js';
export type { MixedLMWarning, WarningCode } from './warnings.js';
export { WARNING_CODES, isWarningCode } from './warnings.js';
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
export { varCorrTerms, varCorrOf, termEffects, predictFromSpec, FIT_JSON_VERSION } from './formula-results.js';
export { SavedFit, formulaInfoFromJSON } from './saved-fit.js';
export type { FitJSON, PredictOptions, SimulateOptions, PredictSpec } from './formula-results.js';
export { formulaInfoToJSON, type FormulaModelJSON, type RandomTermJSON } from './terms/formula-spec.js';
export type { FitProgress } from './mixedlm.js';
export type { TypedData } from './prepare.js';
export { coefTable, contrastTTest, contrastFTest } from './inference/contrasts.js';
export type { DdfMethod, DdfOptions, CoefRow, FTestRow } from './inference/contrasts.js';
export { anovaTable } from './inference/anova.js';
export type { AnovaOptions, AnovaRow } from './inference/anova.js';
export { covarianceDerivatives } from './inference/parts.js';
export type { CovarianceDerivatives } from './inference/parts.js';
export { kenwardRogerAdjust, kenwardRogerDf } from './inference/kenward-roger.js';
export type { KenwardRogerAdjusted } from './inference/kenward-roger.js';
export { varParCovariance, satterthwaiteDf, satterthwaiteF } from './inference/satterthwaite.js';
export { tTwoSided, fSf, incompleteBeta } from './inference/fdist.js';
export { formatCoefTable, formatAnova } from './inference/format.js';
export { fitAsync, type FitAsyncOptions } from './fit-async.js';
export type { EvaluationHook } from './fit-control.js';
export { dataFingerprint, type DataFingerprint } from './fingerprint.js';
export { checkSavedFit } from './saved-fit-check.js';
