/** The plot kinds (a module of its own so that the command line's parser needs no plotting code). */

/**
 * The plot kinds of `mixedlm plot`.
 *
 * @example
 * ```ts
 * PLOT_KINDS.includes('profile'); // true
 * ```
 */
export const PLOT_KINDS = ['caterpillar', 'profile', 'residuals', 'bootstrap'] as const;
