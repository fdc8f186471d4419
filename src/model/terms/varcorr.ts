/**
 * lme4-style variance components: the rows of `as.data.frame(VarCorr(fit))`
 * and the printed `VarCorr` table (lme4 1.1-31 layout).
 *
 * Row order (`as.data.frame`, `order = "cov.last"`): for each random term, its
 * variances (var1 = name, var2 = null, sdcor = standard deviation), then its
 * covariances in column-major lower-triangle order — (1,2), (1,3), …, (1,n),
 * (2,3), … — with var1 the earlier name and sdcor the correlation; finally the
 * residual row.
 *
 * Printed layout (`print(VarCorr(fit), comp = c("Variance", "Std.Dev."))`,
 * i.e. lme4's formatVC printed as an R character matrix with `quote = FALSE`):
 * - columns `Groups`, `Name`, `Variance`, `Std.Dev.`, and, when some term has
 *   n ≥ 2 effects, `Corr` followed by unnamed columns: maxₜ nₜ − 1 in all;
 * - each line starts with one space (empty row names), every column is
 *   left-justified to the width of its widest entry or header and preceded by
 *   one space, so trailing blanks are kept;
 * - the group name appears on a term's first row only; the residual row is
 *   `Residual` with an empty name;
 * - variances (sd²) and standard deviations are each formatted together as R's
 *   `format(x, digits)` (default 5 = `getOption("digits") − 2`): the largest
 *   number of decimals any value needs for `digits` significant digits,
 *   right-justified to a common width;
 * - correlations of a term: R's `format(round(C, d), nsmall = d)` on the whole
 *   matrix with d = max(2, digits − 2), then only the strict lower triangle is
 *   shown: row i, column j < i holds corr(i, j);
 * - the text ends with a newline.
 */
import { DimensionMismatchError, InvalidArgumentError } from '../../errors.js';
import { formatFixed, formatR, ljust } from '../format.js';

/**
 * One row of lme4's `as.data.frame(VarCorr(fit))`.
 *
 * @example
 * ```ts
 * const row: VarCorrRow = { grp: 'Subject', var1: '(Intercept)', var2: 'Days', vcov: 9.604, sdcor: 0.0656 };
 * ```
 */
export interface VarCorrRow {
  grp: string;
  var1: string | null;
  var2: string | null;
  vcov: number;
  sdcor: number;
}

/**
 * One random term: grouping expression as lme4 writes it (`Subject`,
 * `batch:cask`, `Subject.1` for a repeated factor), effect names, covariance
 * matrix on the variance scale.
 *
 * @example
 * ```ts
 * const term: VarCorrTerm = { grp: 'Subject', names: ['(Intercept)', 'Days'], cov: [[612.1, 9.6], [9.6, 35.07]] };
 * ```
 */
export interface VarCorrTerm {
  grp: string;
  names: string[];
  cov: number[][];
}

/**
 * Options of `formatVarCorr`.
 *
 * @example
 * ```ts
 * const summaryStyle: FormatVarCorrOptions = { digits: 4 }; // as in summary(fit)
 * ```
 */
export interface FormatVarCorrOptions {
  /** Significant digits (lme4's `digits`); default 5 as in `print(VarCorr(fit))`; `summary()` uses 4. */
  digits?: number;
  /** Columns to show, in this order; must include 'Std.Dev.' (correlations are shown). Default both. */
  comp?: ('Variance' | 'Std.Dev.')[];
}

function checkTerm(t: VarCorrTerm, k: number): void {
  const n = t.names.length;
  if (n === 0) throw new InvalidArgumentError(`terms[${k}].names`, 'a random term needs at least one effect');
  if (t.cov.length !== n || t.cov.some((r) => r.length !== n)) {
    throw new DimensionMismatchError(`terms[${k}].cov`, `${n}x${n}`, `${t.cov.length}x${t.cov[0]?.length ?? 0}`);
  }
}

/** Standard deviations and correlation matrix of a covariance matrix: r_ij = c_ij / (s_i s_j). */
function sdCorr(cov: number[][]): { sd: number[]; corr: number[][] } {
  const sd = cov.map((r, i) => Math.sqrt(r[i]!));
  const corr = cov.map((r, i) => r.map((c, j) => (i === j ? 1 : c / (sd[i]! * sd[j]!))));
  return { sd, corr };
}

/**
 * Rows of lme4's `as.data.frame(VarCorr(fit))`, in lme4's order.
 *
 * @example
 * ```ts
 * varCorrRows([{ grp: 'Subject', names: ['(Intercept)', 'Days'], cov: [[612.1, 9.6], [9.6, 35.07]] }], 654.94);
 * // [{grp:'Subject', var1:'(Intercept)', var2:null, vcov:612.1, sdcor:24.74}, {…'Days'…},
 * //  {grp:'Subject', var1:'(Intercept)', var2:'Days', vcov:9.6, sdcor:0.0655}, {grp:'Residual', …}]
 * ```
 */
export function varCorrRows(terms: VarCorrTerm[], residualVariance: number): VarCorrRow[] {
  const rows: VarCorrRow[] = [];
  terms.forEach((t, k) => {
    checkTerm(t, k);
    const n = t.names.length;
    const { sd, corr } = sdCorr(t.cov);
    for (let i = 0; i < n; i++) rows.push({ grp: t.grp, var1: t.names[i]!, var2: null, vcov: t.cov[i]![i]!, sdcor: sd[i]! });
    // column-major strict lower triangle: (i, j), j < i, var1 = names[j]
    for (let j = 0; j < n; j++) {
      for (let i = j + 1; i < n; i++) {
        rows.push({ grp: t.grp, var1: t.names[j]!, var2: t.names[i]!, vcov: t.cov[i]![j]!, sdcor: corr[i]![j]! });
      }
    }
  });
  rows.push({ grp: 'Residual', var1: null, var2: null, vcov: residualVariance, sdcor: Math.sqrt(residualVariance) });
  return rows;
}

/** R's round(x, d) for printing: the exact binary value rounded half-to-even. */
function roundR(x: number, d: number): number {
  return Number.isFinite(x) ? Number(formatFixed(x, d)) : x;
}

/**
 * lme4's printed variance-components table (`print(VarCorr(fit), comp =
 * c("Variance", "Std.Dev."))`); see the module comment for the layout.
 *
 * @example
 * ```ts
 * formatVarCorr([{ grp: 'Subject', names: ['(Intercept)', 'Days'],
 *   cov: [[612.100158, 9.604409], [9.604409, 35.071714]] }], 654.940008);
 * //  Groups   Name        Variance Std.Dev. Corr
 * //  Subject  (Intercept) 612.100  24.7407
 * //           Days         35.072   5.9221  0.066
 * //  Residual             654.940  25.5918
 * ```
 */
export function formatVarCorr(terms: VarCorrTerm[], residualVariance: number, options: FormatVarCorrOptions = {}): string {
  const digits = options.digits ?? 5;
  const comp = options.comp ?? ['Variance', 'Std.Dev.'];
  if (!Number.isInteger(digits) || digits < 1 || digits > 22) throw new InvalidArgumentError('digits', `must be an integer in [1, 22], got ${digits}`);
  if (comp.length === 0 || !comp.includes('Std.Dev.')) throw new InvalidArgumentError('comp', "must include 'Std.Dev.'");
  terms.forEach(checkTerm);

  const groups: string[] = [];
  const names: string[] = [];
  const sds: number[] = [];
  const parts = terms.map((t) => sdCorr(t.cov));
  terms.forEach((t, k) => {
    t.names.forEach((nm, i) => {
      groups.push(i === 0 ? t.grp : '');
      names.push(nm);
      sds.push(parts[k]!.sd[i]!);
    });
  });
  groups.push('Residual');
  names.push('');
  sds.push(Math.sqrt(residualVariance));

  const columns: { header: string; cells: string[] }[] = [
    { header: 'Groups', cells: groups },
    { header: 'Name', cells: names },
  ];
  for (const c of comp) {
    const vals = c === 'Variance' ? sds.map((s) => s * s) : sds;
    columns.push({ header: c, cells: formatR(vals, digits) });
  }

  const maxlen = Math.max(...terms.map((t) => t.names.length), 1);
  if (maxlen > 1) {
    const dig = Math.max(2, digits - 2);
    const ncorr = maxlen - 1;
    const corrCells: string[][] = Array.from({ length: ncorr }, () => []);
    terms.forEach((t, k) => {
      const n = t.names.length;
      const flat = parts[k]!.corr.flat().map((x) => roundR(x, dig));
      const txt = formatR(flat, 7, dig); // format(round(C, d), nsmall = d), row-major here
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < ncorr; j++) corrCells[j]!.push(j < i ? txt[i * n + j]! : '');
      }
    });
    for (let j = 0; j < ncorr; j++) {
      corrCells[j]!.push(''); // residual row
      columns.push({ header: j === 0 ? 'Corr' : '', cells: corrCells[j]! });
    }
  }

  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((s) => s.length)));
  const line = (cells: string[]): string => cells.map((s, j) => ` ${ljust(s, widths[j]!)}`).join('');
  const out = [line(columns.map((c) => c.header))];
  for (let r = 0; r < groups.length; r++) out.push(line(columns.map((c) => c.cells[r]!)));
  return `${out.join('\n')}\n`;
}
