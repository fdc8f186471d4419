/**
 * Functions that a class reaches through the package's public entry instead
 * of importing them, so that a bundle pays for them only when it imports the
 * name they belong to. `MixedLMResults.fromJSON` (the saved-fit reader and
 * its checks) and `DesignInfo.fromJSON` (the design decoder) are static
 * methods: a program that imports only `MixedLM` never calls them, yet as
 * class members they would ride along in every bundle. The modules that
 * export those classes from `'mixedlm'` (model/results-api.ts,
 * formula/design-info-api.ts) install them here.
 */
import { NotInstalledError } from './errors.js';
import type { FitJSON } from './model/formula-results.js';
import type { SavedFit } from './model/saved-fit.js';
import type { DesignInfo } from './formula/design.js';
import type * as CrossModel from './model/cross-products-model.js';

/** The installable functions, by name. */
export interface Installed {
  /** `MixedLMResults.fromJSON` */
  readFit: (json: FitJSON) => SavedFit;
  /** `DesignInfo.fromJSON` */
  readDesign: (json: unknown) => DesignInfo;
  /** `MixedLM.fromCrossProducts`'s reading of the sums (model/cross-products-model.ts) */
  crossModel: typeof CrossModel;
}

const installed: Partial<Installed> = {};

/** Which public name installs each function (named in the error when it is missing). */
const PROVIDER: Record<keyof Installed, readonly [api: string, importName: string]> = {
  readFit: ['MixedLMResults.fromJSON', 'MixedLMResults'],
  readDesign: ['DesignInfo.fromJSON', 'formula'],
  crossModel: ['MixedLM.fromCrossProducts', 'assembleCrossProducts'],
};

/**
 * Installs `fn` under `name` (done once by the public entry's modules).
 *
 * @example
 * ```ts
 * install('readFit', (json) => new SavedFit(json));
 * ```
 */
export function install<K extends keyof Installed>(name: K, fn: Installed[K]): void {
  installed[name] = fn;
}

/**
 * The function installed under `name`; a {@link NotInstalledError} naming the
 * import that provides it when none is.
 *
 * @example
 * ```ts
 * const read = installedFn('readFit'); read(json);
 * ```
 */
export function installedFn<K extends keyof Installed>(name: K): Installed[K] {
  const fn = installed[name];
  if (!fn) throw new NotInstalledError(PROVIDER[name][0], PROVIDER[name][1]);
  return fn;
}
