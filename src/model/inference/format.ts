/** Text tables of t and F tests with denominator df (lmerTest's layout), shared by `summary` and the CLI. */
import type { CoefRow, DdfMethod } from './contrasts.js';
import type { AnovaRow } from './anova.js';

const LABEL: Record<DdfMethod, string> = { satterthwaite: "Satterthwaite's", 'kenward-roger': 'Kenward-Roger', residual: 'residual (n - p)', none: 'no (z tests)' };

function table(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const w = head.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
  return all.map((r) => r.map((s, j) => (j === 0 ? s.padEnd(w[j]!) : s.padStart(w[j]!))).join('  ')).join('\n') + '\n';
}

const fnum = (x: number, d = 4): string => (Number.isFinite(x) ? x.toFixed(d) : x === Infinity ? 'Inf' : 'NaN');
const fp = (x: number): string => (!Number.isFinite(x) ? 'NaN' : x < 1e-16 ? '<1e-16' : x.toPrecision(4));

/**
 * The fixed-effects table with df and p-values as text.
 *
 * @example
 * ```ts
 * console.log(formatCoefTable(r.coefTable({ ddf: 'satterthwaite' }), 'satterthwaite'));
 * ```
 */
export function formatCoefTable(rows: CoefRow[], ddf: DdfMethod): string {
  return `Fixed effects (${LABEL[ddf]} degrees of freedom):\n` + table(['', 'Estimate', 'Std. Error', 'df', 't value', 'Pr(>|t|)'], rows.map((r) => [r.name, fnum(r.estimate), fnum(r.se), fnum(r.df, 2), fnum(r.t, 3), fp(r.p)]));
}

/**
 * An ANOVA table as text.
 *
 * @example
 * ```ts
 * console.log(formatAnova(r.anova({ type: 3 }), 3, 'satterthwaite'));
 * ```
 */
export function formatAnova(rows: AnovaRow[], type: number, ddf: DdfMethod): string {
  return `Type ${['I', 'II', 'III'][type - 1]} Analysis of Variance Table with ${LABEL[ddf]} method:\n` + table(['', 'NumDF', 'DenDF', 'F value', 'Pr(>F)'], rows.map((r) => [r.term, String(r.numDf), fnum(r.denDf, 2), fnum(r.F, 4), fp(r.p)]));
}
