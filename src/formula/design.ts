import { DataError, FormulaError } from '../errors.js';
import { toTable, type Table, type TableInput } from '../data/table.js';
import { forEachPyNode, type FactorNode, type Formula, type FormulaNode, type PyNode } from './ast.js';
import { FactorEvaluator, numberLabel, type TransformState, type Value } from './evaluate.js';
import { parseFormula } from './parser.js';
import { pickContrasts } from './redundancy.js';
import { rhsTerms, type Term } from './terms.js';
import { subtermColumnNames } from './columns.js';
import { encodeDesignInfo, type DesignInfoJSON } from './design-json.js';
import { installedFn } from '../registry.js';

/**
 * How a factor is coded, fixed when the design is first built.
 *
 * @example
 * ```ts
 * buildDesign('C(g)', t).info.factors.get('C(g)')?.levels; // ['a', 'b', 'c']
 * ```
 */
export interface FactorInfo {
  /** patsy name of the factor (normalized code, e.g. `C(g)`, `I(x ** 2)`). */
  readonly code: string;
  readonly kind: 'numeric' | 'categorical';
  /** Sorted levels (categorical only; empty for numeric). */
  readonly levels: readonly string[];
  /** Index of the treatment reference level in `levels` (categorical only). */
  readonly reference: number;
  /** The data column behind the factor when it is a single variable (`g`, `C(g)`), else `null`. */
  readonly variable: string | null;
}

/**
 * One coded piece of a term (patsy's SubtermInfo).
 *
 * @example
 * ```ts
 * buildDesign('C(g):C(h)', t).terms[1]!.subterms.length; // 2 (h reduced; g reduced × h full)
 * ```
 */
export interface SubtermInfo {
  /** Factor codes in term order (numeric factors always; categorical ones present in this subterm). */
  readonly factors: readonly string[];
  /** For categorical factors: `true` = full-rank (all levels), `false` = treatment contrasts. */
  readonly fullRank: ReadonlyMap<string, boolean>;
  readonly ncol: number;
}

/**
 * A term and its column range `[start, end)` in the design matrix.
 *
 * @example
 * ```ts
 * buildDesign('x + C(g)', t).terms.map((s) => [s.name, s.start, s.end]);
 * // [['Intercept', 0, 1], ['C(g)', 1, 3], ['x', 3, 4]]
 * ```
 */
export interface TermInfo {
  /** patsy term name: `Intercept`, `x`, `C(g)`, `x:C(g)`. */
  readonly name: string;
  readonly factors: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly subterms: readonly SubtermInfo[];
}

/**
 * A design matrix: row-major `nrow × ncol` values with patsy's column names and
 * term slices, plus the {@link DesignInfo} that rebuilds it for new data.
 *
 * @example
 * ```ts
 * const d = buildDesign('x', { x: [1, 2] });
 * d.matrix; // Float64Array [1, 1, 1, 2] (rows [1, 1], [1, 2])
 * ```
 */
export interface DesignMatrix {
  /** Row-major: entry (i, j) at `matrix[i * ncol + j]`. */
  readonly matrix: Float64Array;
  readonly nrow: number;
  readonly ncol: number;
  readonly columnNames: string[];
  readonly terms: readonly TermInfo[];
  readonly info: DesignInfo;
}

/**
 * Options of {@link buildDesign} and {@link DesignInfo.build}.
 *
 * @example
 * ```ts
 * buildDesign('x', { x: [1, NaN] }, { missing: 'none' });
 * ```
 */
export interface DesignOptions {
  /**
   * Missing values in the factors used: `'raise'` (default) throws a
   * {@link DataError} naming the column and row; `'none'` writes `NaN` into
   * that row's columns. Drop rows beforehand with `completeRows`.
   */
  missing?: 'raise' | 'none';
  /** Source text the AST positions refer to (when passing an AST). */
  source?: string;
}

interface Evaluated {
  info: FactorInfo;
  num: Float64Array | null;
  codes: Int32Array | null;
}

function describeColumn(info: FactorInfo): string {
  return info.variable ?? info.code;
}

/** Evaluates one factor to numbers or level codes (fit: decides coding; apply: checks levels). */
function evaluateFactor(node: FactorNode, ev: FactorEvaluator, src: string, fitted: FactorInfo | undefined, missing: 'raise' | 'none'): Evaluated {
  const v: Value = ev.eval(node.expr);
  const variable = node.expr.kind === 'name' ? node.expr.name : v.t === 'cat' ? v.variable : null;
  if (v.t === 'num') {
    if (fitted && fitted.kind !== 'numeric') {
      throw new DataError(`factor '${node.code}' was categorical when the model was fit but is numeric in the new data`, { column: variable ?? node.code, row: -1 });
    }
    const info: FactorInfo = fitted ?? { code: node.code, kind: 'numeric', levels: [], reference: -1, variable };
    if (missing === 'raise') {
      for (let i = 0; i < v.v.length; i++) {
        if (Number.isNaN(v.v[i]!)) throw new DataError(`missing value (NaN) in '${node.code}' at row ${i}`, { column: describeColumn(info), row: i });
      }
    }
    return { info, num: v.v, codes: null };
  }
  if (v.t !== 'cat') {
    throw new FormulaError(`factor '${node.code}' does not evaluate to a column (got a ${v.t === 'scalar' ? 'constant' : v.t})`, src, node.pos);
  }
  let info = fitted;
  if (info === undefined) {
    let reference = 0;
    const c = v.contrast;
    if (c && c.reference !== null) {
      const ref = c.reference;
      const label = typeof ref === 'number' ? numberLabel(ref) : ref;
      reference = v.levels.indexOf(label);
      if (reference < 0 && typeof ref === 'number' && !c.referenceIsString && Number.isInteger(ref) && ref < v.levels.length && ref >= -v.levels.length) {
        reference = ref < 0 ? v.levels.length + ref : ref;
      }
      if (reference < 0) {
        throw new FormulaError(`reference level '${label}' is not a level of ${node.code} (levels: ${v.levels.join(', ')})`, src, node.pos);
      }
    }
    info = { code: node.code, kind: 'categorical', levels: v.levels, reference, variable: v.variable ?? variable };
  } else if (info.kind !== 'categorical') {
    throw new DataError(`factor '${node.code}' was numeric when the model was fit but is categorical in the new data`, { column: variable ?? node.code, row: -1 });
  }
  const index = new Map<string, number>();
  info.levels.forEach((l, k) => index.set(l, k));
  const n = v.labels.length;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lab = v.labels[i]!;
    if (lab === null) {
      if (missing === 'raise') throw new DataError(`missing value in '${node.code}' at row ${i}`, { column: describeColumn(info), row: i });
      codes[i] = -1;
      continue;
    }
    const k = index.get(lab);
    if (k === undefined) {
      throw new DataError(
        `${describeColumn(info)}: level '${lab}' at row ${i} is not one of the levels seen when the design was built (${info.levels.join(', ')})`,
        { column: describeColumn(info), row: i },
      );
    }
    codes[i] = k;
  }
  return { info, num: null, codes };
}

/**
 * Coding of a right-hand side, reusable on new data (patsy's DesignInfo):
 * factor levels and references, stateful-transform state, term order and
 * column names are fixed at construction.
 *
 * @example
 * ```ts
 * const d = buildDesign('x + C(g)', train);
 * const d2 = d.info.build(test); // same columns; unseen level of g → DataError
 * ```
 */
export class DesignInfo {
  /** @internal use {@link buildDesign} */
  constructor(
    readonly source: string,
    readonly rhs: FormulaNode,
    readonly termList: readonly Term[],
    readonly factors: ReadonlyMap<string, FactorInfo>,
    readonly terms: readonly TermInfo[],
    readonly columnNames: readonly string[],
    /** @internal memorized `center`/`standardize` statistics */
    readonly state: TransformState,
  ) {}

  /** Whether the design has an `Intercept` column. */
  get hasIntercept(): boolean {
    return this.terms.some((t) => t.factors.length === 0);
  }

  /** The index of the `Intercept` column (all ones), −1 without one. */
  get interceptColumn(): number {
    return this.terms.find((t) => t.factors.length === 0)?.start ?? -1;
  }

  /** Names of the data columns the design reads. */
  get variables(): string[] {
    return formulaVariables({ lhs: null, rhs: this.rhs, text: this.source, hasTilde: false });
  }

  /**
   * Builds the same columns for new data (prediction). Unknown levels of a
   * categorical factor throw a {@link DataError} naming the column and level.
   *
   * @example
   * ```ts
   * const X = info.build({ x: [1, 2], g: ['a', 'b'] }).matrix;
   * ```
   */
  build(data: TableInput, options: Omit<DesignOptions, 'source'> = {}): DesignMatrix {
    return assemble(this, toTable(data), 'apply', options.missing ?? 'raise');
  }

  /**
   * A plain JSON object (formula text, factor codings, term layout, column
   * names, transform state) from which {@link DesignInfo.fromJSON} restores a
   * design info whose `build` gives identical matrices.
   *
   * @example
   * ```ts
   * const text = JSON.stringify(buildDesign('center(x) + C(g)', train).info);
   * const info = DesignInfo.fromJSON(JSON.parse(text));
   * info.build(test).matrix; // same as the original info's
   * ```
   */
  toJSON(): DesignInfoJSON {
    return encodeDesignInfo(this);
  }

  /**
   * Restores a design info saved with {@link DesignInfo.toJSON}. Malformed
   * input or an unknown version throws an `InvalidArgumentError`.
   *
   * @example
   * ```ts
   * DesignInfo.fromJSON(json).build({ x: [1, 2], g: ['a', 'b'] });
   * ```
   */
  static fromJSON(json: unknown): DesignInfo {
    // the decoder is installed by formula/design-info-api.ts (the public export of DesignInfo)
    return installedFn('readDesign')(json);
  }
}

function assemble(info: DesignInfo, table: Table, mode: 'fit' | 'apply', missing: 'raise' | 'none', pre?: Map<string, Evaluated>): DesignMatrix {
  const evaluated = pre ?? new Map<string, Evaluated>();
  const ev = new FactorEvaluator(info.source, table, info.state, mode);
  for (const t of info.termList) {
    for (const f of t.factors) {
      if (!evaluated.has(f.code)) evaluated.set(f.code, evaluateFactor(f, ev, info.source, info.factors.get(f.code), missing));
    }
  }
  const n = table.nrow;
  const p = info.columnNames.length;
  checkDesignSize(n, p, info);
  // column j = Π over its factors of (x_f | [code_f == level_f])
  const specs: { nums: Float64Array[]; codes: Int32Array[]; levels: number[] }[] = [];
  for (const term of info.terms) {
    for (const st of term.subterms) {
      const parts = st.factors.map((code) => {
        const e = evaluated.get(code)!;
        if (e.info.kind === 'numeric') return { e, levels: [-1] };
        const all = e.info.levels.map((_, k) => k);
        return { e, levels: st.fullRank.get(code) ? all : all.filter((k) => k !== e.info.reference) };
      });
      const counts = parts.map((q) => q.levels.length);
      const combo = new Array<number>(parts.length).fill(0);
      for (let c = 0; c < st.ncol; c++) {
        const spec = { nums: [] as Float64Array[], codes: [] as Int32Array[], levels: [] as number[] };
        parts.forEach((q, f) => {
          if (q.e.num) spec.nums.push(q.e.num);
          else {
            spec.codes.push(q.e.codes!);
            spec.levels.push(q.levels[combo[f]!]!);
          }
        });
        specs.push(spec);
        // next combination, left-most factor fastest
        for (let f = 0; f < combo.length; f++) {
          combo[f]!++;
          if (combo[f]! < counts[f]!) break;
          combo[f] = 0;
        }
      }
    }
  }
  const X = fillDesign(specs, n, p);
  return { matrix: X, nrow: n, ncol: p, columnNames: [...info.columnNames], terms: info.terms, info };
}

/** Column j = Π over its factors of (x_f | [code_f == level_f]), written row-major by row blocks. */
function fillDesign(specs: readonly { nums: Float64Array[]; codes: Int32Array[]; levels: number[] }[], n: number, p: number): Float64Array {
  const X = new Float64Array(n * p);
  const B = 1024; // row block: keeps the written slice of X in cache
  const v = new Float64Array(B);
  for (let r0 = 0; r0 < n; r0 += B) {
    const m = Math.min(B, n - r0);
    for (let j = 0; j < p; j++) {
      const spec = specs[j]!;
      v.fill(1, 0, m);
      for (let f = 0; f < spec.nums.length; f++) mulBlock(v, spec.nums[f]!, r0, m);
      for (let f = 0; f < spec.codes.length; f++) maskBlock(v, spec.codes[f]!, spec.levels[f]!, r0, m);
      scatterBlock(X, v, r0 * p + j, p, m);
    }
  }
  return X;
}

// the loops of fillDesign, each a small function: V8 optimizes (and inlines) them after a few
// blocks instead of interpreting one large function's loops until on-stack replacement
/** v[i] *= num[r0 + i]. */
function mulBlock(v: Float64Array, num: Float64Array, r0: number, m: number): void {
  for (let i = 0; i < m; i++) v[i]! *= num[r0 + i]!;
}

/** v[i] = 0 where codes[r0 + i] ≠ level (NaN where missing). */
function maskBlock(v: Float64Array, codes: Int32Array, level: number, r0: number, m: number): void {
  for (let i = 0; i < m; i++) {
    const k = codes[r0 + i]!;
    if (k !== level) v[i] = k < 0 ? NaN : 0;
  }
}

/** X[o + i·p] = v[i]. */
function scatterBlock(X: Float64Array, v: Float64Array, o: number, p: number, m: number): void {
  for (let i = 0; i < m; i++, o += p) X[o] = v[i]!;
}

function resolveRhs(rhs: string | FormulaNode | Formula, source: string | undefined): { node: FormulaNode; src: string } {
  if (typeof rhs === 'string') return { node: parseFormula(rhs).rhs, src: rhs };
  if ('kind' in rhs) return { node: rhs, src: source ?? '' };
  return { node: rhs.rhs, src: rhs.text };
}

/**
 * Largest dense design accepted, in entries (2³⁸ bytes = 2 GiB of float64):
 * beyond it the allocation would fail or exhaust memory, so the design is
 * refused first with its size.
 *
 * @example
 * ```ts
 * 1_000_000 * 1_000 > MAX_DESIGN_ENTRIES; // true: a 1000-level × 1000-level interaction on 1e6 rows is refused
 * ```
 */
export const MAX_DESIGN_ENTRIES = 2 ** 28;

/** Refuses an n × p design above MAX_DESIGN_ENTRIES before allocating it, naming the widest terms. */
function checkDesignSize(n: number, p: number, info: DesignInfo): void {
  if (n * p <= MAX_DESIGN_ENTRIES) return;
  const widest = info.terms
    .map((t) => ({ name: t.name, ncol: t.end - t.start }))
    .sort((a, b) => b.ncol - a.ncol)
    .slice(0, 2)
    .map((t) => `${t.name} (${t.ncol.toLocaleString('en-US')} columns)`)
    .join(', ');
  const gib = (n * p * 8) / 2 ** 30;
  throw new DataError(
    `design matrix too large: ${n.toLocaleString('en-US')} rows × ${p.toLocaleString('en-US')} columns = ${gib.toFixed(1)} GiB (limit ${(MAX_DESIGN_ENTRIES * 8) / 2 ** 30} GiB); widest terms: ${widest}. Model many-level factors as random effects, e.g. (1 | a) + (1 | b), instead of fixed effects`,
    { column: info.terms.length > 0 ? [...info.terms].sort((a, b) => b.end - b.start - (a.end - a.start))[0]!.name : '', row: -1 },
  );
}

/**
 * Builds a design matrix from a formula right-hand side with patsy's rules:
 * intercept first, terms bucketed by their numeric factors (the all-categorical
 * bucket first) and ordered by degree within a bucket, full-rank treatment
 * coding chosen per term as patsy does, columns named as patsy names them
 * (`Intercept`, `x`, `C(g)[T.b]`, `x:C(g)[T.b]`, `C(g)[a]` when full rank).
 * A string with `~` uses its right side.
 *
 * @example
 * ```ts
 * const d = buildDesign('x + C(g)', { x: [1, 2, 3], g: ['a', 'b', 'c'] });
 * d.columnNames; // ['Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'x']
 * d.matrix[1 * d.ncol + 1]; // 1  (row 1 is level b)
 * ```
 */
export function buildDesign(rhs: string | FormulaNode | Formula, data: TableInput, options: DesignOptions = {}): DesignMatrix {
  const table = toTable(data);
  const { node, src } = resolveRhs(rhs, options.source);
  const missing = options.missing ?? 'raise';
  const termList = rhsTerms(node, src);
  const state: TransformState = new Map();
  const ev = new FactorEvaluator(src, table, state, 'fit');
  const factors = new Map<string, FactorInfo>();
  const evaluated = new Map<string, Evaluated>();
  for (const t of termList) {
    for (const f of t.factors) {
      if (!factors.has(f.code)) {
        const e = evaluateFactor(f, ev, src, undefined, missing);
        factors.set(f.code, e.info);
        evaluated.set(f.code, e);
      }
    }
  }
  const isNumeric = (code: string): boolean => factors.get(code)!.kind === 'numeric';
  // bucket by the set of numeric factors; the no-numeric bucket first
  const buckets = new Map<string, Term[]>();
  for (const t of termList) {
    const key = t.factors.filter((f) => isNumeric(f.code)).map((f) => f.code).sort().join('\u0000');
    const b = buckets.get(key);
    if (b) b.push(t);
    else buckets.set(key, [t]);
  }
  const order = [...buckets.keys()];
  if (buckets.has('')) order.splice(order.indexOf(''), 1), order.unshift('');
  const terms: TermInfo[] = [];
  const columnNames: string[] = [];
  const ordered: Term[] = [];
  for (const key of order) {
    const bucket = [...buckets.get(key)!].sort((a, b) => a.factors.length - b.factors.length); // stable
    const used = new Set<string>();
    for (const t of bucket) {
      ordered.push(t);
      const codes = t.factors.map((f) => f.code);
      const cats = codes.filter((c) => !isNumeric(c));
      const start = columnNames.length;
      const subterms: SubtermInfo[] = [];
      for (const coding of pickContrasts(cats, used)) {
        const fs = codes.filter((c) => isNumeric(c) || coding.has(c));
        const names = subtermColumnNames(fs, coding, factors);
        const ncol = names.length;
        for (const nm of names) columnNames.push(nm);
        subterms.push({ factors: fs, fullRank: coding, ncol });
      }
      terms.push({ name: t.name, factors: codes, start, end: columnNames.length, subterms });
    }
  }
  const info = new DesignInfo(src, node, ordered, factors, terms, columnNames, state);
  return assemble(info, table, 'fit', missing, evaluated);
}

/**
 * Column `j` of a design matrix as a new `Float64Array`.
 *
 * @example
 * ```ts
 * designColumn(buildDesign('x', t), 1); // the x column
 * ```
 */
export function designColumn(d: DesignMatrix, j: number): Float64Array {
  const out = new Float64Array(d.nrow);
  for (let i = 0; i < d.nrow; i++) out[i] = d.matrix[i * d.ncol + j]!;
  return out;
}

/**
 * Names of the data columns a formula reads (both sides, random terms
 * included), in order of first appearance. Function names, keyword names and
 * `np.`-constants are not variables (bare `pi`/`e` are listed: they may be
 * columns); `Q("a b")` names `a b`.
 *
 * @example
 * ```ts
 * formulaVariables(parseFormula('y ~ log(x) + C(g, Treatment("a")) + (1 | s)')); // ['y', 'x', 'g', 's']
 * ```
 */
export function formulaVariables(f: Formula): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (!seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  };
  // bare `pi`/`e` stay: a column of that name wins over the constant
  const NON_VARIABLES = new Set(['True', 'False', 'None', 'Treatment', 'np.pi', 'np.e', 'np.inf', 'np.nan', 'numpy.pi', 'numpy.e', 'math.pi', 'math.e']);
  const visit = (e: PyNode): boolean => {
    if (e.kind === 'name' && !NON_VARIABLES.has(e.name)) add(e.name);
    if (e.kind === 'call' && e.callee === 'Q' && e.args[0]?.kind === 'str') {
      add(e.args[0].value);
      return false;
    }
    return true;
  };
  if (f.lhs) forEachPyNode(f.lhs, visit);
  forEachPyNode(f.rhs, visit);
  return out;
}
