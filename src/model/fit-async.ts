/**
 * `fitAsync`: the same fit as `fit`, giving the event loop a turn between
 * objective evaluations so that a timer (or any other callback) can abort it
 * through `signal`.
 *
 * The optimizers are synchronous, so a fit cannot be suspended in the middle.
 * Instead the fit runs in slices: each slice re-runs the (deterministic)
 * optimizer from the start, answering the evaluations already done from a
 * cache keyed by the exact parameter vector, computes new evaluations for a
 * time slice, then stops itself; after `await`ing a timer it resumes. The
 * iterates are identical to `fit`'s. The overhead is the optimizer's own
 * bookkeeping plus the start-up (moment start, surrogate step) replayed per
 * slice; slices grow to four times the replay, so few slices are needed
 * (`npm run bench -- reliability`: on InstEval, 6 evaluations, fitAsync took
 * 1.1–1.4× the time of fit, and an abort landed within about one evaluation).
 * The start-up itself and the final Hessian are not interruptible.
 */
import { FitAbortedError, InvalidArgumentError } from '../errors.js';
import type { FitOptions, MixedLM } from './mixedlm.js';
import type { MixedLMResults } from './results.js';

/** Thrown by the evaluation hook to end a slice (never escapes `fitAsync`). */
class SliceEnd extends Error {}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Options of `fitAsync`: those of `fit`, plus the length of a slice of work
 * between yields.
 *
 * @example
 * ```ts
 * const o: FitAsyncOptions = { signal: AbortSignal.timeout(5000), sliceMs: 20 };
 * ```
 */
export interface FitAsyncOptions extends Omit<FitOptions, 'evaluationHook'> {
  /** Milliseconds of objective evaluations between yields (default 25; at least one evaluation per slice). */
  sliceMs?: number;
}

/**
 * Fits `model` as `model.fit(options)` does, yielding to the event loop
 * between objective evaluations; an aborted `options.signal` rejects with
 * {@link FitAbortedError} (its `evaluations` counts the distinct evaluations done).
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * setTimeout(() => ac.abort(), 1000);
 * const r = await fitAsync(model, { signal: ac.signal }); // or model.fitAsync({ signal })
 * ```
 */
export async function fitAsync(model: MixedLM, options: FitAsyncOptions = {}): Promise<MixedLMResults> {
  const { sliceMs: sliceIn, ...fitOptions } = options;
  const sliceMs = sliceIn ?? 25;
  if (typeof sliceMs !== 'number' || !(sliceMs >= 0)) throw new InvalidArgumentError('sliceMs', `expected a number ≥ 0, got ${String(sliceIn)}`);
  const signal = fitOptions.signal;
  const cache = new Map<string, { f: number; g: Float64Array }>();
  const t0 = Date.now();
  const aborted = (): FitAbortedError => new FitAbortedError(cache.size, (Date.now() - t0) / 1000, (signal?.reason as { name?: string } | undefined)?.name === 'TimeoutError' ? 'timeout' : 'aborted');
  let budget = sliceMs;
  for (;;) {
    if (signal?.aborted) throw aborted();
    const start = now();
    let firstFresh = -1;
    let fresh = 0;
    try {
      return model.fit({
        ...fitOptions,
        evaluationHook: (x, g, evaluate) => {
          const key = Array.prototype.join.call(x, ',');
          const hit = cache.get(key);
          if (hit) {
            g.set(hit.g);
            return hit.f;
          }
          const t = now();
          if (firstFresh < 0) firstFresh = t;
          if (fresh > 0 && t - firstFresh >= budget) throw new SliceEnd();
          fresh++;
          const f = evaluate(x, g);
          cache.set(key, { f, g: Float64Array.from(g) });
          return f;
        },
      });
    } catch (e) {
      if (!(e instanceof SliceEnd)) {
        if (e instanceof FitAbortedError) throw aborted();
        throw e;
      }
    }
    // keep the replay (start-up + cached evaluations) below ~1/5 of a slice
    const replay = firstFresh < 0 ? 0 : firstFresh - start;
    budget = Math.max(sliceMs, 4 * replay);
    await tick();
  }
}
