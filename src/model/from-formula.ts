/**
 * `MixedLM.fromFormula`: statsmodels' `from_formula` (groups, re_formula,
 * vc_formula) and lme4's `(expr | g)` terms in the main formula, translated
 * to the model's groups / exogRe / variance components.
 */
import { DataError, FormulaError, InvalidArgumentError } from '../errors.js';
import { toTable, type Table, type TableInput } from '../data/table.js';
import { buildDesign, type DesignMatrix } from '../formula/design.js';
import { groupingFactor, type GroupingFactor } from '../formula/grouping.js';
import { parseMixedFormula, type RandomTerm } from '../formula/mixed.js';
import { completeRows, responseVector } from '../formula/response.js';
import { evaluateVcFormula } from '../formula/vc.js';
import { CsrMatrix } from '../sparse/csr.js';
import type { FormulaModelInfo, RandomTermInfo } from './terms/formula-spec.js';
import type { MixedLM, MixedLMOptions } from './mixedlm.js';
import type { MixedLMWarning } from './results.js';
import { withGroupCodes } from './group-codes.js';
import { handOver } from './owned-storage.js';
import { compareLabels, type GroupLabel } from './prepare.js';
import { VCSpec, type VcMatrix } from './terms/vcspec.js';
import { allRowsDropped, checkColumnsPresent, checkFromFormulaOptions, checkLevels, checkTableShape, usedColumns } from './validate-input.js';

/**
 * Options of `MixedLM.fromFormula`.
 *
 * @example
 * ```ts
 * const o: FromFormulaOptions = { groups: 'Subject', reFormula: '~Days', missing: 'drop' };
 * ```
 */
export interface FromFormulaOptions {
  /** statsmodels dialect: the groups column name, or one label per row. */
  groups?: string | ArrayLike<GroupLabel>;
  /** statsmodels dialect: random-effects design (`'1'`, `'~Days'`, `'0 + x'`); default a random intercept. */
  reFormula?: string;
  /** statsmodels dialect: variance components `{name: '0 + C(classroom)'}`, evaluated per group. */
  vcFormula?: Record<string, string>;
  /** Store variance-component matrices as CSR (they are also CSR whenever large). */
  useSparse?: boolean;
  /** `'none'` (default: missing values raise) or `'drop'` (drop rows missing a variable the formulas use). */
  missing?: 'none' | 'drop';
  /** Rows to use: a 0/1 or boolean mask, or a predicate on (row, index). */
  subset?: ArrayLike<boolean | number> | ((row: Record<string, number | string | null>, index: number) => boolean);
  useSqrt?: boolean;
  solver?: 'auto' | 'dense' | 'sparse';
}

/**
 * Constructor arguments of `MixedLM` plus the formula description.
 *
 * @example
 * ```ts
 * const b: FormulaBuild = buildFromFormula('Yield ~ 1 + (1 | Batch)', rows);
 * ```
 */
export interface FormulaBuild {
  endog: Float64Array;
  /** n × p fixed-effects design: row-major typed storage (rows as arrays when p = 0 or n = 0) */
  exog: Float64Array | number[][];
  groups: GroupLabel[];
  options: MixedLMOptions;
  info: FormulaModelInfo;
  /** Named warnings about the terms (e.g. a term the data cannot identify), for the model's `warnings`. */
  warnings: MixedLMWarning[];
}

const INTERCEPT = 'Intercept';
/** lme4's column names: `(Intercept)`, and a factor level `f[T.b]` / `f[b]` as R writes it, `fb`. */
const lme4Name = (c: string): string => (c === INTERCEPT ? '(Intercept)' : c.replace(/\[(?:T\.)?([^\]]*)\]/g, '$1'));

/** Row-major typed storage of a design (the constructor's typed path), rows as arrays when empty. */
function typedRows(d: DesignMatrix): Float64Array | number[][] {
  return d.ncol > 0 && d.nrow > 0 ? handOver(d.matrix.subarray(0, d.nrow * d.ncol)) : rowsOf(d);
}

function rowsOf(d: DesignMatrix): number[][] {
  const out: number[][] = new Array(d.nrow);
  for (let i = 0; i < d.nrow; i++) out[i] = Array.from(d.matrix.subarray(i * d.ncol, (i + 1) * d.ncol));
  return out;
}

function applySubset(table: Table, subset: FromFormulaOptions['subset']): { table: Table; index: number[] } {
  const all = new Array<number>(table.nrow);
  for (let i = 0; i < all.length; i++) all[i] = i;
  if (subset === undefined) return { table, index: all };
  let keep: number[];
  if (typeof subset === 'function') keep = all.filter((i) => subset(table.row(i), i));
  else {
    if (subset.length !== table.nrow) throw new InvalidArgumentError('subset', `mask has ${subset.length} entries, the data ${table.nrow} rows`);
    keep = all.filter((i) => Boolean(subset[i]));
  }
  return { table: table.take(keep), index: keep };
}

/** Sorted group labels (as the model sorts them) and their rows in data order. */
function groupRows(labels: readonly GroupLabel[]): { labels: GroupLabel[]; rows: number[][] } {
  const sorted = [...new Set(labels)].sort(compareLabels);
  const pos = new Map<GroupLabel, number>();
  sorted.forEach((g, k) => pos.set(g, k));
  const rows: number[][] = sorted.map(() => []);
  labels.forEach((g, i) => rows[pos.get(g)!]!.push(i));
  return { labels: sorted, rows };
}

/** A variance-component matrix of `rows` (local order): column per level code in `cols`, entry z[row]. */
function levelMatrix(rows: readonly number[], codes: Int32Array, z: Float64Array, colOf: Map<number, number>, ncol: number, sparse: boolean): VcMatrix {
  const n = rows.length;
  if (!sparse) {
    return rows.map((r) => {
      const a = new Array<number>(ncol).fill(0);
      a[colOf.get(codes[r]!)!] = z[r]!;
      return a;
    });
  }
  const rp = new Int32Array(n + 1);
  const ci: number[] = [];
  const vv: number[] = [];
  rows.forEach((r, i) => {
    const v = z[r]!;
    if (v !== 0) {
      ci.push(colOf.get(codes[r]!)!);
      vv.push(v);
    }
    rp[i + 1] = ci.length;
  });
  return new CsrMatrix(n, ncol, rp, Int32Array.from(ci), Float64Array.from(vv));
}

/** n × (levels·k) CSR: row i holds the term's k columns at the block of its level (level-major), zeros dropped. */
function blockCsr(codes: Int32Array, d: DesignMatrix, nLevels: number): CsrMatrix {
  const n = codes.length;
  const k = d.ncol;
  const rp = new Int32Array(n + 1);
  const ci = new Int32Array(n * k);
  const vv = new Float64Array(n * k);
  let nz = 0;
  for (let i = 0; i < n; i++) {
    const base = codes[i]! * k;
    for (let a = 0; a < k; a++) {
      const v = d.matrix[i * k + a]!;
      if (v === 0) continue;
      ci[nz] = base + a;
      vv[nz++] = v;
    }
    rp[i + 1] = nz;
  }
  return new CsrMatrix(n, nLevels * k, rp, ci.slice(0, nz), vv.slice(0, nz));
}

/**
 * A named warning when a term's column is constant within every level of its
 * factor alongside the intercept: its variance and correlations are not
 * identified (lme4 fits it silently, at a singular optimum).
 */
function identifiability(tm: Lme4Term, warnings: MixedLMWarning[]): void {
  // (as many levels or random effects as rows: refused by validate-input.ts, as lme4's checkNlevels/checkZdims)
  const label = `(${tm.t.expr} | ${tm.t.text})`;
  const l = tm.gf.levels.length;
  const k = tm.d.ncol;
  const ic = tm.d.columnNames.indexOf(INTERCEPT);
  if (k < 2 || ic < 0) return;
  const first = new Float64Array(l).fill(NaN);
  for (let a = 0; a < k; a++) {
    if (a === ic) continue;
    first.fill(NaN);
    let constant = true;
    for (let i = 0; i < tm.d.nrow && constant; i++) {
      const c = tm.gf.codes[i]!;
      const v = tm.d.matrix[i * k + a]!;
      if (Number.isNaN(first[c]!)) first[c] = v;
      else if (first[c] !== v) constant = false;
    }
    if (constant)
      warnings.push({
        code: 'term-not-identifiable',
        message: `${label}: column '${tm.d.columnNames[a]}' is constant within every level of ${tm.t.text}, so its random effect cannot be told from the intercept's (its variance and correlations are not identified)`,
        term: label,
        column: tm.d.columnNames[a]!,
      });
  }
}

function denseToVc(d: DesignMatrix, sparse: boolean): VcMatrix {
  if (!sparse) return rowsOf(d);
  const rp = new Int32Array(d.nrow + 1);
  const ci: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < d.nrow; i++) {
    for (let j = 0; j < d.ncol; j++) {
      const v = d.matrix[i * d.ncol + j]!;
      if (v !== 0) {
        ci.push(j);
        vv.push(v);
      }
    }
    rp[i + 1] = ci.length;
  }
  return new CsrMatrix(d.nrow, d.ncol, rp, Int32Array.from(ci), Float64Array.from(vv));
}

function uniqueName(name: string, used: Set<string>): string {
  let out = name;
  for (let k = 1; used.has(out); k++) out = `${name}.${k}`;
  used.add(out);
  return out;
}

interface Lme4Term {
  t: RandomTerm;
  d: DesignMatrix;
  gf: GroupingFactor;
  z: Float64Array;
}

/**
 * Translates a formula and data into `MixedLM` constructor arguments (see
 * `MixedLM.fromFormula` for the rules).
 *
 * @example
 * ```ts
 * const b = buildFromFormula('Yield ~ 1 + (1 | Batch)', dyestuff, {});
 * new MixedLM(b.endog, b.exog, b.groups, b.options);
 * ```
 */
export function buildFromFormula(formula: string, data: TableInput, options: FromFormulaOptions = {}): FormulaBuild {
  checkFromFormulaOptions(options);
  const mf = parseMixedFormula(formula);
  if (mf.response === null) throw new FormulaError('formula has no response (left-hand side)', formula, 0);
  const lme4 = mf.random.length > 0;
  if (lme4 && (options.groups !== undefined || options.reFormula !== undefined || options.vcFormula !== undefined)) {
    throw new InvalidArgumentError('groups', 'random terms in the formula cannot be combined with groups / reFormula / vcFormula');
  }
  if (!lme4 && options.groups === undefined) {
    throw new InvalidArgumentError('groups', "the formula has no random-effects term '(... | g)'; pass 'groups' (statsmodels dialect)");
  }
  const missing = options.missing ?? 'none';
  if (missing !== 'none' && missing !== 'drop') throw new InvalidArgumentError('missing', `expected 'none' or 'drop', got '${String(missing)}'`);
  const sub = applySubset(toTable(data), options.subset);
  let table = sub.table;
  let used = sub.index;
  let groupsArr: GroupLabel[] | null = null;
  if (options.groups !== undefined && typeof options.groups !== 'string') {
    const g = Array.from(options.groups as ArrayLike<GroupLabel>);
    if (g.length !== toTable(data).nrow) throw new InvalidArgumentError('groups', `${g.length} labels for ${toTable(data).nrow} rows`);
    groupsArr = sub.index.map((i) => g[i]!);
  }
  const groupsCol = typeof options.groups === 'string' ? options.groups : null;
  if (groupsCol !== null) table.column(groupsCol); // unknown column → DataError with suggestion
  checkTableShape(table);
  const inputCols = usedColumns([formula, ...(options.reFormula && options.reFormula.trim() !== '1' ? [options.reFormula] : []), ...Object.values(options.vcFormula ?? {})], table, groupsCol ? [groupsCol] : []);
  checkColumnsPresent(table, inputCols);
  let nDropped = 0;
  if (missing === 'drop') {
    const forms = [formula, ...(options.reFormula && options.reFormula.trim() !== '1' ? [options.reFormula] : []), ...Object.values(options.vcFormula ?? {})];
    const mask = completeRows(forms, table, groupsCol ? [groupsCol] : []);
    if (groupsArr) groupsArr.forEach((g, i) => (g === null || g === undefined || (typeof g === 'number' && Number.isNaN(g)) ? (mask[i] = 0) : 0));
    const keep: number[] = [];
    mask.forEach((m, i) => (m ? keep.push(i) : 0));
    nDropped = table.nrow - keep.length;
    if (keep.length === 0) throw allRowsDropped(table, inputCols);
    if (nDropped > 0) {
      table = table.take(keep);
      used = keep.map((i) => used[i]!);
      if (groupsArr) groupsArr = keep.map((i) => groupsArr![i]!);
    }
  }
  const y = responseVector(mf.fixed, table);
  const X = buildDesign(mf.fixed, table);
  const exogNames = [...X.columnNames];
  const base: MixedLMOptions = { exogNames, endogName: y.name, missing: 'none' };
  if (options.useSqrt !== undefined) base.useSqrt = options.useSqrt;
  if (options.solver !== undefined) base.solver = options.solver;
  const info: FormulaModelInfo = {
    formula,
    dialect: lme4 ? 'lme4' : 'statsmodels',
    response: y.name,
    fixedRhs: mf.fixedRhs,
    fixedColumns: exogNames,
    fixedDesign: X.info,
    groups: groupsCol,
    reFormula: options.reFormula ?? null,
    vcFormula: options.vcFormula ? { ...options.vcFormula } : null,
    random: [],
    nDropped,
    rowsUsed: used,
  };
  const sparse = options.useSparse ?? false;
  let groups: GroupLabel[];
  const warnings: MixedLMWarning[] = [];
  if (lme4) groups = lme4Structure(mf.random, table, base, info, sparse, warnings);
  else groups = smStructure(table, groupsCol, groupsArr, options, base, info, sparse);
  // row-major typed exog (the constructor's typed path; no per-row arrays)
  const exog = typedRows(X);
  // y.values is responseVector's own copy: handed over, the constructor keeps it instead of copying again
  return { endog: handOver(y.values), exog, groups, options: base, info, warnings };
}

function lme4Structure(random: RandomTerm[], table: Table, base: MixedLMOptions, info: FormulaModelInfo, sparse: boolean, warnings: MixedLMWarning[]): GroupLabel[] {
  const src = random[0]!.source;
  const terms: Lme4Term[] = random.map((t) => {
    const d = buildDesign(t.expr, table);
    if (d.ncol === 0) throw new FormulaError(`random term (${t.expr} | ${t.text}) has no columns`, src, t.position);
    const gf = groupingFactor(table, t.grouping);
    const miss = gf.codes.indexOf(-1);
    if (miss >= 0) throw new DataError(`missing value in grouping factor '${t.text}' at row ${miss} (use missing: 'drop')`, { column: t.text, row: miss });
    if (gf.levels.length < 2) throw new DataError(`grouping factor '${t.text}' has only one level (${gf.levels[0] ?? 'none'}); a random effect needs at least 2 levels`, { column: t.text, row: -1 });
    checkLevels(t.text, gf.levels.length, d.ncol, d.nrow, `(${t.expr} | ${t.text})`);
    const z = new Float64Array(d.nrow);
    for (let i = 0; i < d.nrow; i++) z[i] = d.matrix[i * d.ncol]!;
    return { t, d, gf, z };
  });
  const n = table.nrow;
  for (const tm of terms) identifiability(tm, warnings);
  const names = (tm: Lme4Term): string[] => tm.d.columnNames.map(lme4Name);
  const vcNames = new Set<string>();
  const vcName = (tm: Lme4Term): string => {
    const c = names(tm)[0]!;
    return uniqueName(c === '(Intercept)' || tm.d.ncol > 1 ? tm.t.text : `${c}|${tm.t.text}`, vcNames);
  };
  const scalar = terms.every((tm) => tm.d.ncol === 1);
  const distinct = new Set(terms.map((tm) => tm.t.text));
  const termInfo = (tm: Lme4Term, kind: 're' | 'vc', vcIndex: number, vn: string | null): RandomTermInfo => ({
    grp: tm.t.text,
    grouping: tm.t.grouping.slice(),
    expr: tm.t.expr,
    names: names(tm),
    kind,
    vcIndex,
    vcName: vn,
    nLevels: tm.gf.levels.length,
    design: tm.d.info,
    levels: tm.gf.levels.slice(),
  });
  if (terms.length === 1) {
    const tm = terms[0]!;
    base.exogRe = typedRows(tm.d);
    base.exogReNames = tm.d.columnNames.map((c) => (c === INTERCEPT ? tm.t.text : c));
    info.random.push(termInfo(tm, 're', -1, null));
    return withGroupCodes(tm.gf.labels as string[], tm.gf.codes, tm.gf.levels);
  }
  // grouped: groups = g of the vector term (or the single grouping), others per-group scalar components
  const vectors = terms.filter((tm) => tm.d.ncol >= 2);
  const head = vectors[0] ?? null;
  const gTerm = head ?? terms[0]!;
  const g = gTerm.t.grouping;
  const nestedInHead = terms.every((tm) => tm === head || (tm.d.ncol === 1 && g.every((f) => tm.t.grouping.includes(f))));
  if ((scalar && distinct.size > 1) || vectors.length >= 2 || !nestedInHead) {
    // one group, one component per term with d = its columns (scalar crossed terms: d = 1, CSR
    // indicator-times-value blocks; correlated terms: a d × d covariance repeated over the levels)
    const vnames: string[] = [];
    const colnames: string[][][] = [];
    const mats: VcMatrix[][] = [];
    terms.forEach((tm, k) => {
      const vn = vcName(tm);
      vnames.push(vn);
      mats.push([blockCsr(tm.gf.codes, tm.d, tm.gf.levels.length)]);
      colnames.push([tm.gf.levels.slice()]);
      info.random.push(termInfo(tm, 'vc', k, vn));
    });
    base.exogVc = new VCSpec(vnames, colnames, mats, terms.map((tm) => tm.d.ncol), terms.map(names));
    return new Array<GroupLabel>(n).fill('all');
  }
  void src;
  const labels = withGroupCodes(gTerm.gf.labels as string[], gTerm.gf.codes, gTerm.gf.levels);
  const grp = groupRows(labels);
  if (head) {
    base.exogRe = typedRows(head.d);
    base.exogReNames = head.d.columnNames.map((c) => (c === INTERCEPT ? head.t.text : c));
    info.random.push(termInfo(head, 're', -1, null));
  } else base.exogRe = [];
  const vnames: string[] = [];
  const colnames: string[][][] = [];
  const mats: VcMatrix[][] = [];
  let k = 0;
  for (const tm of terms) {
    if (tm === head) continue;
    const vn = vcName(tm);
    vnames.push(vn);
    const cn: string[][] = [];
    const ms: VcMatrix[] = [];
    for (const rows of grp.rows) {
      const present = [...new Set(rows.map((r) => tm.gf.codes[r]!))].sort((a, b) => a - b);
      const colOf = new Map<number, number>(present.map((c, j) => [c, j]));
      ms.push(levelMatrix(rows, tm.gf.codes, tm.z, colOf, present.length, sparse || rows.length * present.length > 20000));
      cn.push(present.map((c) => tm.gf.levels[c]!));
    }
    mats.push(ms);
    colnames.push(cn);
    info.random.push(termInfo(tm, 'vc', k++, vn));
  }
  if (!head) delete base.exogRe;
  base.exogVc = new VCSpec(vnames, colnames, mats);
  return labels;
}

function smStructure(
  table: Table,
  groupsCol: string | null,
  groupsArr: GroupLabel[] | null,
  options: FromFormulaOptions,
  base: MixedLMOptions,
  info: FormulaModelInfo,
  sparse: boolean,
): GroupLabel[] {
  const n = table.nrow;
  let labels: GroupLabel[];
  let groupName = 'Group';
  if (groupsCol !== null) {
    groupName = groupsCol;
    const col = table.column(groupsCol);
    labels = new Array<GroupLabel>(n);
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) throw new DataError(`missing value in groups column '${groupsCol}' at row ${i} (use missing: 'drop')`, { column: groupsCol, row: i });
      labels[i] = col.kind === 'numeric' ? (v as number) : (v as string);
    }
  } else labels = groupsArr!;
  const grouping = groupsCol !== null ? [groupsCol] : [];
  const re = options.reFormula;
  // a mix of dialects: lme4 bars inside statsmodels' per-group formulas
  const dialect = (text: string, what: string): void => {
    const at = text.indexOf('|');
    if (at >= 0) throw new FormulaError(`${what} is statsmodels' per-group design (e.g. '~Days' or '0 + C(cask)'); lme4 terms like '(Days | Subject)' go in the main formula, without groups/reFormula/vcFormula`, text, at);
  };
  if (re !== undefined) dialect(re, 'reFormula');
  for (const [k, v] of Object.entries(options.vcFormula ?? {})) dialect(v, `vcFormula '${k}'`);
  const levels = [...new Set(labels)].sort(compareLabels).map(String);
  const nLevels = levels.length;
  checkLevels(groupName, nLevels, 1, n, `(1 | ${groupName})`);
  if (re !== undefined) {
    const rhs = re.trim() === '1' ? '1' : re;
    const d = buildDesign(rhs, table);
    if (d.ncol > 1) checkLevels(groupName, nLevels, d.ncol, n, `(${rhs.replace(/^\s*~\s*/, '')} | ${groupName})`);
    base.exogRe = rowsOf(d);
    base.exogReNames = d.columnNames.map((c) => (c === INTERCEPT ? groupName : c));
    if (d.ncol > 0) info.random.push({ grp: groupName, grouping, expr: rhs, names: d.columnNames.map(lme4Name), kind: 're', vcIndex: -1, vcName: null, nLevels, design: d.info, levels });
  } else if (options.vcFormula === undefined) {
    base.exogRe = labels.map(() => [1]);
    base.exogReNames = [groupName];
    const design = buildDesign('1', table.take([])).info;
    info.random.push({ grp: groupName, grouping, expr: '1', names: ['(Intercept)'], kind: 're', vcIndex: -1, vcName: null, nLevels, design, levels });
  }
  if (options.vcFormula !== undefined) {
    const grp = groupRows(labels);
    const vnames = Object.keys(options.vcFormula).sort();
    const colnames: string[][][] = [];
    const mats: VcMatrix[][] = [];
    vnames.forEach((vn, k) => {
      const f = options.vcFormula![vn]!;
      const cn: string[][] = [];
      const ms: VcMatrix[] = [];
      let total = 0;
      for (const rows of grp.rows) {
        const d = evaluateVcFormula(f, table, rows);
        cn.push([...d.columnNames]);
        ms.push(denseToVc(d, sparse || d.nrow * d.ncol > 20000));
        total += d.ncol;
      }
      colnames.push(cn);
      mats.push(ms);
      info.random.push({ grp: vn, grouping, expr: f, names: ['(Intercept)'], kind: 'smvc', vcIndex: k, vcName: vn, nLevels: total, design: null, levels });
    });
    base.exogVc = new VCSpec(vnames, colnames, mats);
  }
  return labels;
}

/**
 * Builds a `MixedLM` from a formula (the body of `MixedLM.fromFormula`).
 *
 * @example
 * ```ts
 * const m = modelFromFormula(MixedLM, 'Yield ~ 1 + (1 | Batch)', rows);
 * ```
 */
export function modelFromFormula(Ctor: typeof MixedLM, formula: string, data: TableInput, options: FromFormulaOptions = {}): MixedLM {
  const b = buildFromFormula(formula, data, options);
  const m = new Ctor(b.endog, b.exog, b.groups, b.options);
  m.formula = b.info;
  m.warnings.push(...b.warnings);
  if (b.info.nDropped > 0) m.warnings.push({ code: 'missing-dropped', message: `dropped ${b.info.nDropped} rows with missing values`, count: b.info.nDropped });
  return m;
}
