/**
 * Types and values of `MixedLM.fit` options, checked before anything runs: a
 * wrong value is an {@link InvalidArgumentError} naming the option, never
 * silently read as something else (`reml: 'no'` is not REML).
 */
import { InvalidArgumentError, showValue } from '../errors.js';
import { didYouMean } from '../data/closest.js';

/** Every option `fit` reads (keep in step with `FitOptions`). */
export const FIT_OPTION_KEYS = [
  'startParams', 'reml', 'method', 'free', 'fePen', 'covPen', 'fullOutput', 'gtol', 'maxiter', 'doCg', 'onProgress', 'signal', 'evaluationHook',
] as const;

/**
 * Throws on an unknown key or a value of the wrong type.
 *
 * @example
 * ```ts
 * checkFitOptions({ reml: 'no' }); // throws InvalidArgumentError('reml', "expected true or false, got \"no\"")
 * ```
 */
export function checkFitOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError('options', `expected an options object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const o = options as Record<string, unknown>;
  const keys: readonly string[] = FIT_OPTION_KEYS;
  for (const k of Object.keys(o)) if (!keys.includes(k) && o[k] !== undefined) throw new InvalidArgumentError(k, `unknown option of fit${didYouMean(k, keys)}`);
  for (const k of ['reml', 'fullOutput', 'doCg'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new InvalidArgumentError(k, `expected true or false, got ${showValue(o[k])}`);
  }
  if (o.method !== undefined) {
    const ok = typeof o.method === 'string' || (Array.isArray(o.method) && o.method.every((m) => typeof m === 'string'));
    if (!ok) throw new InvalidArgumentError('method', 'expected an optimizer name or a list of names (bfgs, lbfgs, cg, nm)');
    if (typeof o.method === 'string' && o.method.trim() === '') throw new InvalidArgumentError('method', "expected an optimizer name (bfgs, lbfgs, cg, nm), got ''");
  }
  if (o.gtol !== undefined && !(typeof o.gtol === 'number' && o.gtol >= 0 && Number.isFinite(o.gtol))) throw new InvalidArgumentError('gtol', `expected a finite number ≥ 0, got ${showValue(o.gtol)}`);
  if (o.maxiter !== undefined && !(typeof o.maxiter === 'number' && Number.isInteger(o.maxiter) && o.maxiter >= 0))
    throw new InvalidArgumentError('maxiter', `expected an integer ≥ 0, got ${showValue(o.maxiter)}`);
  for (const k of ['onProgress', 'evaluationHook'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw new InvalidArgumentError(k, `expected a function, got ${typeof o[k]}`);
  }
  if (o.startParams !== undefined && o.startParams !== null && (typeof o.startParams !== 'object' || typeof (o.startParams as { length?: unknown }).length !== 'number') && !isParams(o.startParams))
    throw new InvalidArgumentError('startParams', 'expected a MixedLMParams or an array of numbers');
}

const isParams = (x: unknown): boolean => typeof x === 'object' && x !== null && 'feParams' in x && 'covRe' in x && 'vcomp' in x;
