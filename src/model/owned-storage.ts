/**
 * Typed arrays built for one model only (the design matrices `fromFormula`
 * assembles): the constructor may keep them instead of copying, since no one
 * else holds them. Arrays the user passes are never marked, so they are still
 * copied (the model must not alias what the caller may change).
 */

const owned = new WeakSet<Float64Array>();

/**
 * Marks `a` as handed over to the model (it must not be modified afterwards) and returns it.
 *
 * @example
 * ```ts
 * const X = handOver(new Float64Array(n * p));
 * ```
 */
export function handOver(a: Float64Array): Float64Array {
  owned.add(a);
  return a;
}

/**
 * Whether `a` was marked by {@link handOver}.
 *
 * @example
 * ```ts
 * isHandedOver(new Float64Array(1)); // false
 * ```
 */
export function isHandedOver(a: unknown): a is Float64Array {
  return a instanceof Float64Array && owned.has(a);
}
