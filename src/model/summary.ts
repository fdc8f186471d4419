/**
 * The text of statsmodels' `MixedLMResults.summary()` (0.13.5), reproduced
 * character for character.
 *
 * Layout (statsmodels' `summary2.Summary` with one `add_dict` table and one
 * `add_df` table, rendered by `SimpleTable` as text):
 *
 * - Table 1: the 11 info entries, padded to 12 and split in two halves placed
 *   side by side (4 columns, left-aligned, no header, no stub).
 * - Table 2: one row per parameter; stub = parameter name (left-aligned), six
 *   right-aligned data columns, headers centred (Python `str.center`).
 * - Each table's natural width is `Σ column widths + (columns − 1)` (one-space
 *   separators). The widest sets the width `W`; every other table widens its
 *   separators by `⌊(W − w) / nsep⌋` spaces (`nsep` = data columns − 1, stub not
 *   counted) and appends the remainder to its first column (the stub, or the
 *   first data column of table 1).
 * - Output: title centred with `⌊W/2 − len/2⌋` leading spaces; `=`·W; table 1
 *   rows; `-`·W; header; `-`·W; table 2 rows; `=`·W; then a final newline.
 * - Cells: `%.3f` for parameters, empty when not finite; `Scale` and
 *   `Log-Likelihood` `%.4f`; group sizes `%.0f`, `%.0f`, `%.1f`.
 */
import { InvalidArgumentError } from '../errors.js';
import { formatFixed, ljust, pyCenter, pyFloatRepr, rjust } from './format.js';

/**
 * One fixed-effects row of the parameter table (z = coef/se, p two-sided normal,
 * [lower, upper] = coef ∓ z_{1−α/2}·se).
 *
 * @example
 * ```ts
 * const row: SummaryFeRow = { name: 'Days', coef: 10.467, se: 1.546, z: 6.771, p: 1.3e-11, lower: 7.438, upper: 13.497 };
 * ```
 */
export interface SummaryFeRow {
  name: string;
  coef: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
}

/**
 * One variance/covariance row: estimate on the variance scale (`cov_re[i][j]` or
 * `vcomp[k]`) and its standard error (`√scale · bse`); NaN prints as an empty cell.
 *
 * @example
 * ```ts
 * const row: SummaryReRow = { name: 'Subject Var', coef: 612.096, se: 11.881 };
 * ```
 */
export interface SummaryReRow {
  name: string;
  coef: number;
  se: number;
}

/**
 * Everything `formatSummary` prints. Group sizes are numbers of observations
 * per group; `alpha` sets the confidence-interval columns (0.05 → `[0.025`, `0.975]`).
 *
 * @example
 * ```ts
 * const input: SummaryInput = { dependentVariable: 'Yield', nobs: 30, nGroups: 6, minGroupSize: 5,
 *   maxGroupSize: 5, meanGroupSize: 5, method: 'REML', scale: 2451.22, llf: -159.83, converged: true,
 *   feRows: [], reRows: [], alpha: 0.05 };
 * ```
 */
export interface SummaryInput {
  dependentVariable: string;
  nobs: number;
  nGroups: number;
  minGroupSize: number;
  maxGroupSize: number;
  meanGroupSize: number;
  method: 'REML' | 'ML';
  scale: number;
  llf: number;
  converged: boolean;
  feRows: SummaryFeRow[];
  reRows: SummaryReRow[];
  alpha: number;
}

type Align = 'l' | 'r' | 'c';

/** A text table in the shape `SimpleTable` renders: optional header and stub column. */
interface TextTable {
  header: string[] | null; // data column headers (stub header is empty)
  stubs: string[] | null;
  data: string[][];
  align: Align;
}

function pad(s: string, width: number, align: Align): string {
  return align === 'l' ? ljust(s, width) : align === 'r' ? rjust(s, width) : pyCenter(s, width);
}

/** Rendered lines: rule, [header, rule], rows; `padCol` extra spaces per separator, `padIndex` appended to the first column. */
function renderTable(t: TextTable, padCol: number, padIndex: number): string[] {
  const extra = ' '.repeat(padIndex);
  const data = t.data.map((row) => row.slice());
  let stubs = t.stubs;
  if (stubs !== null) stubs = stubs.map((s) => s + extra);
  else for (const row of data) row[0] = (row[0] ?? '') + extra;
  // full grid: column 0 is the stub when present
  const ncol = (t.data[0]?.length ?? t.header?.length ?? 0) + (stubs !== null ? 1 : 0);
  const headerRow = t.header === null ? null : stubs !== null ? ['', ...t.header] : t.header.slice();
  const rows = data.map((row, i) => (stubs !== null ? [stubs[i] ?? '', ...row] : row));
  const widths = new Array<number>(ncol).fill(0);
  for (const r of headerRow === null ? rows : [headerRow, ...rows]) {
    for (let j = 0; j < ncol; j++) widths[j] = Math.max(widths[j]!, (r[j] ?? '').length);
  }
  const sep = ' '.repeat(padCol + 1);
  const fmtRow = (r: string[], header: boolean): string =>
    r
      .map((c, j) => {
        const a: Align = stubs !== null && j === 0 ? 'l' : header ? 'c' : t.align;
        return pad(c, widths[j]!, a);
      })
      .join(sep);
  const body = rows.map((r) => fmtRow(r, false));
  const rowlen = (body[body.length - 1] ?? (headerRow === null ? '' : fmtRow(headerRow, true))).length;
  const out = ['-'.repeat(rowlen)];
  if (headerRow !== null) out.push(fmtRow(headerRow, true), '-'.repeat(rowlen));
  out.push(...body);
  return out;
}

/** Python's `'%.4f' % x if float else str(x)`, then strip. */
function cell(s: string): string {
  return s.trim();
}

/**
 * statsmodels 0.13.5 `MixedLMResults.summary()` as text (`str(summary)`),
 * ending in a newline.
 *
 * @example
 * ```ts
 * const text = formatSummary({
 *   dependentVariable: 'Yield', nobs: 30, nGroups: 6, minGroupSize: 5, maxGroupSize: 5,
 *   meanGroupSize: 5, method: 'REML', scale: 2451.2239, llf: -159.8271, converged: true,
 *   feRows: [{ name: 'Intercept', coef: 1527.5, se: 19.384, z: 78.80, p: 0, lower: 1489.5, upper: 1565.5 }],
 *   reRows: [{ name: 'Batch Var', coef: 1764.17, se: 31.66 }],
 *   alpha: 0.05,
 * });
 * console.log(text);
 * ```
 */
export function formatSummary(input: SummaryInput): string {
  const { alpha } = input;
  if (!(alpha > 0 && alpha < 1)) throw new InvalidArgumentError('alpha', `must be in (0, 1), got ${alpha}`);
  const info: [string, string][] = [
    ['Model:', 'MixedLM'],
    ['No. Observations:', String(input.nobs)],
    ['No. Groups:', String(input.nGroups)],
    ['Min. group size:', formatFixed(input.minGroupSize, 0)],
    ['Max. group size:', formatFixed(input.maxGroupSize, 0)],
    ['Mean group size:', formatFixed(input.meanGroupSize, 1)],
    ['Dependent Variable:', input.dependentVariable],
    ['Method:', input.method],
    ['Scale:', formatFixed(input.scale, 4)],
    ['Log-Likelihood:', formatFixed(input.llf, 4)],
    ['Converged:', input.converged ? 'Yes' : 'No'],
  ];
  // pad to a multiple of 2 rows, split in halves, place side by side
  if (info.length % 2 !== 0) info.push(['', '']);
  const half = info.length / 2;
  const infoData: string[][] = [];
  for (let i = 0; i < half; i++) {
    const a = info[i]!;
    const b = info[half + i]!;
    infoData.push([cell(a[0]), cell(a[1]), cell(b[0]), cell(b[1])]);
  }
  const t1: TextTable = { header: null, stubs: null, data: infoData, align: 'l' };

  const f3 = (x: number): string => (Number.isFinite(x) ? formatFixed(x, 3) : '');
  const rows: string[][] = [];
  const names: string[] = [];
  for (const r of input.feRows) {
    names.push(r.name);
    rows.push([f3(r.coef), f3(r.se), f3(r.z), f3(r.p), f3(r.lower), f3(r.upper)]);
  }
  for (const r of input.reRows) {
    names.push(r.name);
    rows.push([f3(r.coef), f3(r.se), '', '', '', '']);
  }
  const header = ['Coef.', 'Std.Err.', 'z', 'P>|z|', `[${pyFloatRepr(alpha / 2)}`, `${pyFloatRepr(1 - alpha / 2)}]`];
  const t2: TextTable = { header, stubs: names, data: rows, align: 'r' };

  // natural widths, then pad narrower tables to the widest
  const tables = [t1, t2];
  const lengths = tables.map((t) => renderTable(t, 0, 0)[0]!.length);
  const widest = Math.max(...lengths);
  const lines: string[] = [];
  tables.forEach((t, i) => {
    const nsep = Math.max((t.data[0]?.length ?? t.header?.length ?? 0) - 1, 1);
    const padCol = Math.trunc((widest - lengths[i]!) / nsep);
    const padIndex = widest - (lengths[i]! + nsep * padCol);
    lines.push(...renderTable(t, padCol, padIndex));
  });
  lines[0] = '='.repeat(widest);
  lines.push('='.repeat(widest));

  let title = 'Mixed Linear Model Regression Results';
  if (title.length < widest) title = ' '.repeat(Math.trunc(widest / 2 - title.length / 2)) + title;
  return [title, lines.join('\n'), ''].join('\n');
}
