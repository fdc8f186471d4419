/**
 * Stopping a fit: the `signal` check run before each objective evaluation,
 * and the evaluation hook through which `fitAsync` yields to the event loop.
 */
import { FitAbortedError, InvalidArgumentError } from '../errors.js';

/**
 * Wraps one optimizer evaluation: `evaluate(x, g)` computes the objective at
 * x and writes its gradient into g; the hook may return a cached value
 * instead, or throw to stop the fit.
 *
 * @example
 * ```ts
 * const log: EvaluationHook = (x, g, evaluate) => { const f = evaluate(x, g); console.log(f); return f; };
 * ```
 */
export type EvaluationHook = (x: Float64Array, g: Float64Array, evaluate: (x: Float64Array, g: Float64Array) => number) => number;

/**
 * A check to run before each objective evaluation: throws
 * {@link FitAbortedError} (with the evaluations done) once `signal` is
 * aborted; null without a signal.
 *
 * @example
 * ```ts
 * const check = abortCheck(ac.signal, Date.now(), () => evaluations); check?.();
 * ```
 */
export function abortCheck(signal: AbortSignal | undefined, tStart: number, evaluations: () => number): (() => void) | null {
  if (signal === undefined || signal === null) return null;
  if (typeof signal !== 'object' || typeof (signal as { aborted?: unknown }).aborted !== 'boolean') {
    throw new InvalidArgumentError('signal', 'expected an AbortSignal (e.g. new AbortController().signal)');
  }
  return () => {
    if (signal.aborted) throw new FitAbortedError(evaluations(), (Date.now() - tStart) / 1000, abortReason(signal));
  };
}

/** 'timeout' when the signal was aborted by `AbortSignal.timeout` (a TimeoutError reason), else 'aborted'. */
function abortReason(signal: AbortSignal): 'aborted' | 'timeout' {
  const r = signal.reason as { name?: unknown } | undefined;
  return r && typeof r === 'object' && r.name === 'TimeoutError' ? 'timeout' : 'aborted';
}
