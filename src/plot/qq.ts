/** Normal Q-Q coordinates (R's `qqnorm` plotting positions and `qqline` through the quartiles). */
import { quantileSorted } from 'd3-array';
import { normalQuantile } from '../model/inference/distributions.js';

/**
 * Theoretical normal quantiles and the sorted finite sample, with the line
 * through the first and third quartiles (R's `qqline`). Plotting positions
 * (i − a)/(n + 1 − 2a), a = 3/8 for n ≤ 10 and 1/2 otherwise (R's `ppoints`).
 *
 * @example
 * ```ts
 * const q = normalQQ([0.3, -1.2, 0.8]); q.theoretical.length; // 3
 * ```
 */
export function normalQQ(sample: ArrayLike<number>): { theoretical: number[]; sample: number[]; slope: number; intercept: number } {
  const s: number[] = [];
  for (let i = 0; i < sample.length; i++) if (Number.isFinite(sample[i]!)) s.push(sample[i]!);
  s.sort((a, b) => a - b);
  const n = s.length;
  const a = n <= 10 ? 3 / 8 : 1 / 2;
  const theoretical = s.map((_, i) => normalQuantile((i + 1 - a) / (n + 1 - 2 * a)));
  const q1 = quantileSorted(s, 0.25) ?? NaN;
  const q3 = quantileSorted(s, 0.75) ?? NaN;
  const z1 = normalQuantile(0.25);
  const z3 = normalQuantile(0.75);
  const slope = (q3 - q1) / (z3 - z1);
  return { theoretical, sample: s, slope, intercept: q1 - slope * z1 };
}
