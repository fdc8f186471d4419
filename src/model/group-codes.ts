/**
 * Group labels that arrive with their level codes (from a coded categorical
 * column): the constructor then groups rows by code instead of hashing one
 * string per row. The codes ride along in a WeakMap keyed by the labels
 * array, so every signature stays `ArrayLike<GroupLabel>`.
 */

/**
 * Codes of a labels array: `labels[i] === levels[codes[i]]` for every row.
 *
 * @example
 * ```ts
 * const c: GroupCodes = { codes: Int32Array.of(0, 1, 0), levels: ['a', 'b'] };
 * ```
 */
export interface GroupCodes {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

const registry = new WeakMap<object, GroupCodes>();

/**
 * Attaches codes to a labels array (which must not be modified afterwards) and returns it.
 *
 * @example
 * ```ts
 * const g = withGroupCodes(['a', 'b', 'a'], Int32Array.of(0, 1, 0), ['a', 'b']);
 * groupCodesOf(g)!.levels; // ['a', 'b']
 * ```
 */
export function withGroupCodes<T extends object>(labels: T, codes: Int32Array, levels: readonly string[]): T {
  registry.set(labels, { codes, levels });
  return labels;
}

/**
 * The codes attached to `labels` by {@link withGroupCodes}, if any.
 *
 * @example
 * ```ts
 * groupCodesOf(['a']); // undefined
 * ```
 */
export function groupCodesOf(labels: unknown): GroupCodes | undefined {
  return typeof labels === 'object' && labels !== null ? registry.get(labels) : undefined;
}
