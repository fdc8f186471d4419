/**
 * The public export of `MixedLMResults`: the binding itself installs
 * `fromJSON` (the saved-fit reader, model/saved-fit.ts) in the registry, so a
 * bundle that imports only `MixedLM` leaves the reader out. A computed
 * binding, not a re-export: a bundler cannot forward an import of it to
 * results.ts and skip the installation.
 */
import { MixedLMResults as Results } from './results.js';
import { SavedFit } from './saved-fit.js';
import { install } from '../registry.js';

function withReader(cls: typeof Results): typeof Results {
  install('readFit', (json) => new SavedFit(json));
  return cls;
}

/**
 * Results of a mixed linear model fit (see model/results.ts), with
 * `MixedLMResults.fromJSON` installed.
 *
 * @example
 * ```ts
 * MixedLMResults.fromJSON(JSON.parse(text)).predict(rows);
 * ```
 */
export const MixedLMResults = withReader(Results);
/** An instance of {@link MixedLMResults}. */
export type MixedLMResults = Results;
