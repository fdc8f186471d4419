/**
 * The fuzz oracle: every case must end in success with finite results, or in
 * one of the project's typed errors whose fields and message name the problem.
 * Anything else (TypeError, RangeError, a stack overflow, an untyped throw, a
 * NaN in the results without a warning that explains it) is a finding.
 */
import { DataError, FormulaError, InvalidArgumentError, MixedLMError } from '../../src/errors.js';
import type { MixedLMResults } from '../../src/model/results.js';

/** One failed case: what was run and what went wrong. */
export interface Finding {
  case: string;
  problem: string;
}

const clip = (s: string, n = 160): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** Why a typed error does not name its problem, or null when it does. */
export function errorProblem(e: unknown, input: string): string | null {
  if (!(e instanceof MixedLMError)) {
    const err = e as Error;
    return `untyped ${err?.constructor?.name ?? typeof e}: ${clip(String(err?.message ?? e))}`;
  }
  const m = e.message;
  if (m.length < 8) return `message too short: '${m}'`;
  if (/\[object Object\]/.test(m)) return `message does not name the problem: ${clip(m)}`;
  if (e instanceof FormulaError && !(e.position >= 0 && e.position <= Math.max(e.formula.length, input.length))) return `FormulaError position ${e.position} outside the formula`;
  if (e instanceof InvalidArgumentError && !(typeof e.argument === 'string' && e.argument.length > 0)) return 'InvalidArgumentError without an argument name';
  // the optimizer's own argument check must never be what a user sees (issue 11: "x0: objective … not finite")
  if (e instanceof InvalidArgumentError && e.argument === 'x0') return `optimizer-internal error: ${clip(m)}`;
  if (e instanceof DataError && e.column === undefined && e.row === undefined) return `DataError with neither column nor row: ${clip(m)}`;
  return null;
}

/** Why a successful fit is not acceptable (a silent NaN), or null. */
export function resultsProblem(r: MixedLMResults): string | null {
  const bad = (xs: readonly number[]): boolean => xs.some((x) => !Number.isFinite(x));
  if (!Number.isFinite(r.llf)) return `llf is ${r.llf}`;
  if (!(r.scale > 0 && Number.isFinite(r.scale))) return `scale is ${r.scale}`;
  if (bad(r.feParams)) return `feParams ${r.feParams.join(', ')}`;
  if (bad(r.params)) return `params ${r.params.join(', ')}`;
  const explained = r.warnings.some((w) => w.code === 'hessian-singular' || w.code === 'hessian-not-pd');
  if (bad(r.bseFe) && !explained) return `bseFe ${r.bseFe.join(', ')} without a Hessian warning`;
  return null;
}

/** Runs one case and records a finding when its outcome is not acceptable. */
export function check(findings: Finding[], label: string, input: string, run: () => string | null): 'ok' | 'error' {
  let problem: string | null;
  let kind: 'ok' | 'error' = 'ok';
  try {
    problem = run();
  } catch (e) {
    kind = 'error';
    problem = errorProblem(e, input);
  }
  if (problem !== null) findings.push({ case: `${label}: ${clip(JSON.stringify(input))}`, problem });
  return kind;
}
