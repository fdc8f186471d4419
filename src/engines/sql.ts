/**
 * SQL generation from an lme4 formula: the fixed-effects and random-term
 * columns as SQL expressions (coded exactly as `fromFormula` codes them in
 * memory), the row filter for missing values, and one aggregation for the
 * fixed part, one per random term and one per pair of terms. Portable SQL;
 * the few engine differences live in {@link DIALECTS}.
 */
import { DataError, FormulaError } from '../errors.js';
import { didYouMean } from '../data/closest.js';
import { Table } from '../data/table.js';
import { toColumn, type Column } from '../data/column.js';
import type { FactorNode, FormulaNode, PyNode } from '../formula/ast.js';
import { buildDesign, formulaVariables, type DesignInfo } from '../formula/design.js';
import { parseMixedFormula, type MixedFormula } from '../formula/mixed.js';
import { parseFormula } from '../formula/parser.js';
import { forEachPyNode } from '../formula/ast.js';
import { lme4Column, termLabel } from './memory.js';
import { responseOffset } from '../model/cross-products.js';

/**
 * SQL engines with a dialect entry.
 *
 * @example
 * ```ts
 * const d: Dialect = 'duckdb';
 * ```
 */
export type Dialect = 'duckdb' | 'clickhouse';

/**
 * What differs between engines: the float type, NaN test, identifier quoting,
 * and the names of math functions (`null` = not available).
 *
 * @example
 * ```ts
 * DIALECTS.clickhouse.float; // 'Float64'
 * ```
 */
export interface DialectInfo {
  readonly float: string;
  isNan(expr: string): string;
  quote(name: string): string;
  /** a string literal */
  literal(value: string): string;
  readonly functions: Readonly<Record<string, string | null>>;
}

const quoteDouble = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteBacktick = (name: string): string => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
const COMMON_FUNCTIONS: Record<string, string> = { log10: 'log10', log2: 'log2', exp: 'exp', sqrt: 'sqrt', abs: 'abs', fabs: 'abs', absolute: 'abs', floor: 'floor', ceil: 'ceil', sin: 'sin', cos: 'cos', tan: 'tan', arctan: 'atan' };

/**
 * The dialect table.
 *
 * @example
 * ```ts
 * DIALECTS.duckdb.quote('my col'); // '"my col"'
 * ```
 */
export const DIALECTS: Readonly<Record<Dialect, DialectInfo>> = {
  duckdb: { float: 'DOUBLE', isNan: (e) => `isnan(${e})`, quote: quoteDouble, literal: (v) => `'${v.replace(/'/g, "''")}'`, functions: { ...COMMON_FUNCTIONS, log: 'ln', tanh: 'tanh' } },
  clickhouse: { float: 'Float64', isNan: (e) => `isNaN(${e})`, quote: quoteBacktick, literal: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`, functions: { ...COMMON_FUNCTIONS, log: 'log', tanh: null } },
};

/**
 * One column of the source as the engine describes it.
 *
 * @example
 * ```ts
 * const c: SqlColumn = { name: 'Days', type: 'BIGINT', kind: 'numeric' };
 * ```
 */
export interface SqlColumn {
  readonly name: string;
  /** the engine's type name */
  readonly type: string;
  /** `numeric` (integers, floats, decimals), `string`, or `other` (dates, booleans, …: not usable) */
  readonly kind: 'numeric' | 'string' | 'other';
  /** floating point (NaN possible) */
  readonly float?: boolean;
}

/**
 * Classifies an engine type name (DuckDB or ClickHouse spelling).
 *
 * @example
 * ```ts
 * sqlKind('Nullable(Float64)'); // { kind: 'numeric', float: true }
 * sqlKind('VARCHAR');           // { kind: 'string', float: false }
 * ```
 */
export function sqlKind(type: string): { kind: SqlColumn['kind']; float: boolean } {
  const t = type.replace(/^(Nullable|LowCardinality)\((.*)\)$/i, '$2').replace(/^(Nullable|LowCardinality)\((.*)\)$/i, '$2').trim().toUpperCase();
  if (/^(FLOAT|DOUBLE|REAL|FLOAT4|FLOAT8|FLOAT32|FLOAT64)$/.test(t)) return { kind: 'numeric', float: true };
  if (/^(U?(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT)|U?INT(8|16|32|64|128|256)|DECIMAL.*|NUMERIC.*)$/.test(t)) return { kind: 'numeric', float: false };
  if (/^(VARCHAR|TEXT|STRING|CHAR.*|FIXEDSTRING.*|ENUM.*)$/.test(t)) return { kind: 'string', float: false };
  return { kind: 'other', float: false };
}

const CATEGORICAL_CALLS = new Set(['C', 'factor', 'as.factor']);
const STATEFUL = new Set(['center', 'standardize', 'scale']);

/** Variable a categorical factor reads (`g`, `C(g)`, `C(x, Treatment(2))`, `Q("a b")`), or null. */
function categoricalVariable(e: PyNode): string | null {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'call' && e.callee === 'Q' && e.args[0]?.kind === 'str') return e.args[0].value;
  if (e.kind === 'call' && CATEGORICAL_CALLS.has(e.callee) && e.args[0]) return categoricalVariable(e.args[0]);
  return null;
}

function factorNodes(node: FormulaNode, out: FactorNode[]): void {
  switch (node.kind) {
    case 'factor':
      out.push(node);
      return;
    case 'binary':
      factorNodes(node.left, out);
      factorNodes(node.right, out);
      return;
    case 'unary':
      factorNodes(node.arg, out);
      return;
    default:
      return;
  }
}

/**
 * One aggregation query and what its result columns mean.
 *
 * @example
 * ```ts
 * for (const q of plan.termQueries(levels)) console.log(q.sql);
 * ```
 */
export interface AggregateQuery {
  readonly sql: string;
  /** grouping variables returned first (in this order), then the sums */
  readonly keys: string[];
  readonly sums: number;
}

/**
 * The SQL side of a model: built from the formula and the source's columns;
 * {@link SqlPlan.levelQueries} first (distinct values of the categorical
 * variables the designs read), then {@link SqlPlan.code} with those levels,
 * then the aggregation queries.
 *
 * @example
 * ```ts
 * const plan = new SqlPlan('y ~ x + (x | g)', 'read_parquet(\'d.parquet\')', columns, 'duckdb');
 * const coded = plan.code(new Map());
 * coded.fixedQuery.sql; // SELECT CAST(COUNT(*) AS DOUBLE), SUM(...), ...
 * ```
 */
export class SqlPlan {
  readonly mf: MixedFormula;
  readonly variables: string[];
  readonly columns: ReadonlyMap<string, SqlColumn>;
  readonly dialect: DialectInfo;
  /** variables whose distinct values fix a categorical coding (not grouping-only ones) */
  readonly categorical: string[];
  /** rows kept: every formula variable present (not NULL, not NaN) */
  readonly where: string;

  constructor(
    readonly formula: string,
    /** FROM clause: a table name (quoted) or a table function */
    readonly source: string,
    columns: readonly SqlColumn[],
    dialect: Dialect,
    /** the source as the user named it, for messages (default: `source`) */
    readonly displayName: string = source,
  ) {
    this.dialect = DIALECTS[dialect];
    this.mf = parseMixedFormula(formula);
    if (this.mf.response === null) throw new FormulaError('formula has no response (left-hand side)', formula, 0);
    if (this.mf.random.length === 0) throw new FormulaError("the formula has no random-effects term '(... | g)'", formula, formula.length);
    this.columns = new Map(columns.map((c) => [c.name, c]));
    const names = columns.map((c) => c.name);
    const f = parseFormula(formula);
    this.variables = formulaVariables(f).filter((v) => this.columns.has(v) || !['pi', 'e'].includes(v));
    for (const v of this.variables) {
      const c = this.columns.get(v);
      if (!c) throw new DataError(`unknown column '${v}' in ${displayName}${didYouMean(v, names)}`, { column: v, row: -1 });
      if (c.kind === 'other') throw new DataError(`column '${v}' has type ${c.type}, which a model cannot use (numbers or strings only)`, { column: v, row: -1 });
    }
    // the response must be numeric
    const lhs = f.lhs;
    if (lhs && lhs.kind === 'factor') {
      const v = categoricalVariable(lhs.expr);
      const c = v === null ? undefined : this.columns.get(v);
      if (c && c.kind === 'string' && (lhs.expr.kind === 'name' || lhs.expr.kind === 'call')) {
        throw new DataError(`response '${lhs.code}' is a string column (${c.type}); a numeric response is required`, { column: c.name, row: -1 });
      }
    }
    // categorical variables of the fixed part and the random terms' left sides
    const cat = new Set<string>();
    const visit = (node: FormulaNode): void => {
      const fs: FactorNode[] = [];
      factorNodes(node, fs);
      for (const fn of fs) {
        forEachPyNode({ kind: 'factor', expr: fn.expr, code: fn.code, pos: fn.pos, end: fn.end }, (e) => {
          if (e.kind === 'call' && STATEFUL.has(e.callee)) throw new FormulaError(`${e.callee}() needs statistics of the whole column; SQL engines do not support it (center the column in the data)`, formula, e.pos);
          if (e.kind === 'call' && CATEGORICAL_CALLS.has(e.callee)) {
            const v = e.args[0] ? categoricalVariable(e.args[0]) : null;
            if (v === null) throw new FormulaError(`${e.callee}() of an expression cannot be coded in SQL; use a column`, formula, e.pos);
            if (this.columns.has(v)) cat.add(v);
            return false;
          }
          if (e.kind === 'name' && this.columns.get(e.name)?.kind === 'string') cat.add(e.name);
          return true;
        });
      }
    };
    visit(this.mf.fixed.rhs);
    for (const t of this.mf.random) visit(t.exprNode);
    this.categorical = [...cat];
    const q = this.dialect.quote;
    const conds: string[] = [];
    for (const v of this.variables) {
      const c = this.columns.get(v)!;
      conds.push(`${q(v)} IS NOT NULL`);
      if (c.float) conds.push(`NOT ${this.dialect.isNan(q(v))}`);
    }
    this.where = conds.length > 0 ? conds.join(' AND ') : '1 = 1';
  }

  /**
   * `SELECT DISTINCT v` over the kept rows, one per categorical variable.
   *
   * @example
   * ```ts
   * plan.levelQueries(); // [{ variable: 'f', sql: 'SELECT DISTINCT "f" FROM ... WHERE ...' }]
   * ```
   */
  levelQueries(): { variable: string; sql: string }[] {
    return this.categorical.map((v) => ({ variable: v, sql: `SELECT DISTINCT ${this.castValue(v)} FROM ${this.source} WHERE ${this.where}` }));
  }

  /** `SELECT AVG(y)` over the complete rows: the centre of the response (see `responseOffset`). */
  meanQuery(): string {
    const y = this.numericSql(this.mf.fixed.lhs!.kind === 'factor' ? this.mf.fixed.lhs!.expr : null, this.mf.fixed.lhs!.pos);
    return `SELECT AVG(CAST(${y} AS ${this.dialect.float})) FROM ${this.source} WHERE ${this.where}`;
  }

  /** `SELECT COUNT(*)` over all rows (for the dropped count). */
  countQuery(): string {
    return `SELECT CAST(COUNT(*) AS ${this.dialect.float}) FROM ${this.source}`;
  }

  /** A column value as returned to JS: numbers as floats, strings as strings. */
  castValue(v: string): string {
    const c = this.columns.get(v)!;
    return c.kind === 'numeric' ? `CAST(${this.dialect.quote(v)} AS ${this.dialect.float})` : this.dialect.quote(v);
  }

  /**
   * Codes the designs with the levels found by {@link levelQueries} and
   * returns the aggregation queries.
   *
   * @example
   * ```ts
   * const coded = plan.code(new Map([['f', ['a', 'b']]]));
   * coded.termQueries.length; // one per random term
   * ```
   */
  code(levels: ReadonlyMap<string, readonly (string | number)[]>, yMean = 0): CodedPlan {
    const proxy = this.proxyTable(levels);
    const src = this.formula;
    const fixed = buildDesign(this.mf.fixed, proxy, { missing: 'none' });
    const fixedSql = this.designSql(fixed.info);
    // the sums are of y − c (c ≈ the mean) when the Intercept column absorbs c (responseOffset)
    const yOffset = responseOffset(yMean, fixed.info.interceptColumn);
    const y0 = this.numericSql(this.mf.fixed.lhs!.kind === 'factor' ? this.mf.fixed.lhs!.expr : null, this.mf.fixed.lhs!.pos);
    const y = yOffset ? `(${y0} - CAST(${String(yOffset.value)} AS ${this.dialect.float}))` : y0;
    const terms = this.mf.random.map((t) => {
      const d = buildDesign(t.expr, proxy, { missing: 'none' });
      if (d.ncol === 0) throw new FormulaError(`random term ${termLabel(t)} has no columns`, src, t.position);
      return { label: termLabel(t), group: t.text, grouping: t.grouping, columns: d.columnNames.map(lme4Column), sql: this.designSql(d.info) };
    });
    const F = this.dialect.float;
    const p = fixedSql.length;
    const from = (select: string[]): string => `FROM (SELECT ${select.join(', ')} FROM ${this.source} WHERE ${this.where}) AS r`;
    const xs = fixedSql.map((e, j) => `${e} AS _mlm_x${j}`);
    // fixed part: n, yᵀy, Xᵀy, XᵀX (upper triangle, row-major)
    const fsums = [`CAST(COUNT(*) AS ${F})`, 'SUM(_mlm_y * _mlm_y)'];
    for (let a = 0; a < p; a++) fsums.push(`SUM(_mlm_x${a} * _mlm_y)`);
    for (let a = 0; a < p; a++) for (let b = a; b < p; b++) fsums.push(`SUM(_mlm_x${a} * _mlm_x${b})`);
    const fixedQuery: AggregateQuery = { sql: `SELECT ${fsums.join(', ')} ${from([`${y} AS _mlm_y`, ...xs])}`, keys: [], sums: fsums.length };
    const keyAlias = new Map<string, string>();
    for (const t of terms) for (const g of t.grouping) if (!keyAlias.has(g)) keyAlias.set(g, `_mlm_k${keyAlias.size}`);
    const keySelect = (vars: readonly string[]): string[] => vars.map((v) => `${this.castValue(v)} AS ${keyAlias.get(v)!}`);
    const keyList = (vars: readonly string[]): string => vars.map((v) => keyAlias.get(v)!).join(', ');
    const termQueries: AggregateQuery[] = terms.map((t, i) => {
      const k = t.sql.length;
      const zs = t.sql.map((e, c) => `${e} AS _mlm_z${c}`);
      // per level: ZᵢᵀZᵢ (k×k, row-major), ZᵢᵀX (k×p), Zᵢᵀy (k)
      const sums: string[] = [];
      for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) sums.push(r <= c ? `SUM(_mlm_z${r} * _mlm_z${c})` : `SUM(_mlm_z${c} * _mlm_z${r})`);
      for (let r = 0; r < k; r++) for (let c = 0; c < p; c++) sums.push(`SUM(_mlm_z${r} * _mlm_x${c})`);
      for (let r = 0; r < k; r++) sums.push(`SUM(_mlm_z${r} * _mlm_y)`);
      const keys = t.grouping;
      void i;
      return { sql: `SELECT ${keyList(keys)}, ${sums.join(', ')} ${from([...keySelect(keys), `${y} AS _mlm_y`, ...xs, ...zs])} GROUP BY ${keyList(keys)}`, keys: [...keys], sums: sums.length };
    });
    const pairQueries: (AggregateQuery & { a: number; b: number })[] = [];
    for (let a = 0; a < terms.length; a++) {
      for (let b = a + 1; b < terms.length; b++) {
        const A = terms[a]!;
        const B = terms[b]!;
        const keys = [...new Set([...A.grouping, ...B.grouping])];
        const sel = [...keySelect(keys), ...A.sql.map((e, c) => `${e} AS _mlm_za${c}`), ...B.sql.map((e, c) => `${e} AS _mlm_zb${c}`)];
        const sums: string[] = [];
        for (let r = 0; r < A.sql.length; r++) for (let c = 0; c < B.sql.length; c++) sums.push(`SUM(_mlm_za${r} * _mlm_zb${c})`);
        pairQueries.push({ a, b, sql: `SELECT ${keyList(keys)}, ${sums.join(', ')} ${from(sel)} GROUP BY ${keyList(keys)}`, keys, sums: sums.length });
      }
    }
    return {
      response: this.mf.response!,
      ...(yOffset ? { yOffset } : {}),
      feNames: [...fixed.columnNames],
      terms: terms.map((t) => ({ label: t.label, group: t.group, grouping: [...t.grouping], columns: t.columns })),
      fixedQuery,
      termQueries,
      pairQueries,
      keyKinds: new Map([...keyAlias.keys()].map((v) => [v, this.columns.get(v)!.kind === 'numeric' ? 'numeric' : 'string'] as const)),
    };
  }

  /** A small table with every distinct value of the categorical variables (cycled), 1 elsewhere: codes designs as the data would. */
  private proxyTable(levels: ReadonlyMap<string, readonly (string | number)[]>): Table {
    let len = 1;
    for (const v of levels.values()) len = Math.max(len, v.length);
    const cols = new Map<string, Column>();
    for (const v of this.variables) {
      const c = this.columns.get(v);
      if (!c) continue;
      const vals = levels.get(v) ?? [];
      if (c.kind === 'numeric') {
        const a = new Float64Array(len).fill(1);
        if (vals.length > 0) for (let i = 0; i < len; i++) a[i] = Number(vals[i % vals.length]);
        cols.set(v, { kind: 'numeric', values: a });
      } else {
        const a = new Array<string | null>(len);
        for (let i = 0; i < len; i++) a[i] = vals.length > 0 ? String(vals[i % vals.length]) : 'a';
        cols.set(v, toColumn(a, v));
      }
    }
    return new Table(cols, len);
  }

  /** SQL expression of each design column: Π numeric factors × Π [categorical factor = level]. */
  private designSql(info: DesignInfo): string[] {
    const nodes = new Map<string, FactorNode>();
    for (const t of info.termList) for (const f of t.factors) nodes.set(f.code, f);
    const out: string[] = [];
    for (const term of info.terms) {
      for (const st of term.subterms) {
        const parts = st.factors.map((code) => {
          const fi = info.factors.get(code)!;
          const node = nodes.get(code)!;
          if (fi.kind === 'numeric') return { num: this.numericSql(node.expr, node.pos), cat: null, levels: [-1] };
          const v = categoricalVariable(node.expr);
          if (v === null || !this.columns.has(v)) throw new FormulaError(`factor '${code}' cannot be coded in SQL; use a column`, this.formula, node.pos);
          const all = fi.levels.map((_, k) => k);
          const lv = st.fullRank.get(code) ? all : all.filter((k) => k !== fi.reference);
          const isNum = this.columns.get(v)!.kind === 'numeric';
          const eq = (k: number): string => {
            const label = fi.levels[k]!;
            const lit = isNum ? `CAST(${Number(label)} AS ${this.dialect.float})` : this.dialect.literal(label);
            return `CASE WHEN ${isNum ? this.castValue(v) : this.dialect.quote(v)} = ${lit} THEN 1 ELSE 0 END`;
          };
          return { num: null, cat: eq, levels: lv };
        });
        const combo = new Array<number>(parts.length).fill(0);
        for (let c = 0; c < st.ncol; c++) {
          const factors = parts.map((q, f) => (q.num !== null ? q.num : q.cat!(q.levels[combo[f]!]!)));
          out.push(factors.length === 0 ? `CAST(1 AS ${this.dialect.float})` : factors.length === 1 ? `CAST(${factors[0]!} AS ${this.dialect.float})` : factors.map((s) => `(${s})`).join(' * '));
          // left-most factor fastest, as patsy
          for (let f = 0; f < combo.length; f++) {
            combo[f]!++;
            if (combo[f]! < parts[f]!.levels.length) break;
            combo[f] = 0;
          }
        }
      }
    }
    return out;
  }

  /** A numeric Python expression as SQL (I(), arithmetic, math functions); else a FormulaError at its position. */
  private numericSql(e: PyNode | null, pos: number): string {
    const F = this.dialect.float;
    const fail = (what: string, at: number): never => {
      throw new FormulaError(`${what} cannot be computed in SQL`, this.formula, at);
    };
    if (e === null) return fail('this response', pos);
    const go = (n: PyNode): string => {
      switch (n.kind) {
        case 'num':
          return `CAST(${Number.isFinite(n.value) ? String(n.value) : fail('a non-finite constant', n.pos)} AS ${F})`;
        case 'name': {
          const c = this.columns.get(n.name);
          if (c) {
            if (c.kind !== 'numeric') throw new DataError(`column '${n.name}' is a string (${c.type}); arithmetic needs a number`, { column: n.name, row: -1 });
            return `CAST(${this.dialect.quote(n.name)} AS ${F})`;
          }
          if (n.name === 'pi' || n.name === 'np.pi' || n.name === 'math.pi') return `CAST(${Math.PI} AS ${F})`;
          if (n.name === 'e' || n.name === 'np.e' || n.name === 'math.e') return `CAST(${Math.E} AS ${F})`;
          return fail(`'${n.name}'`, n.pos);
        }
        case 'neg':
          return `(-${go(n.arg)})`;
        case 'pos':
          return go(n.arg);
        case 'binop': {
          const a = go(n.left);
          const b = go(n.right);
          switch (n.op) {
            case '+':
            case '-':
            case '*':
            case '/':
              return `(${a} ${n.op} ${b})`;
            case '**':
              return `power(${a}, ${b})`;
            case '//':
              return `floor(${a} / ${b})`;
            case '%':
              return `(${a} - ${b} * floor(${a} / ${b}))`;
          }
          return fail(`operator '${String((n as { op: string }).op)}'`, n.pos);
        }
        case 'call': {
          if (n.callee === 'I' && n.args.length === 1 && n.kwargs.length === 0) return go(n.args[0]!);
          if (n.callee === 'Q' && n.args[0]?.kind === 'str') return go({ kind: 'name', name: n.args[0].value, pos: n.pos, end: n.end } as PyNode);
          const bare = n.callee.replace(/^(np|numpy|math)\./, '');
          if (bare === 'square' && n.args.length === 1) {
            const a = go(n.args[0]!);
            return `(${a} * ${a})`;
          }
          const fn = this.dialect.functions[bare];
          if (fn && n.args.length === 1 && n.kwargs.length === 0) return `${fn}(${go(n.args[0]!)})`;
          return fail(`${n.callee}()`, n.pos);
        }
        default:
          return fail('this expression', n.pos);
      }
    };
    return go(e);
  }
}

/**
 * The aggregation queries of a coded {@link SqlPlan}.
 *
 * @example
 * ```ts
 * const coded: CodedPlan = plan.code(levels);
 * ```
 */
export interface CodedPlan {
  response: string;
  /** the constant the y-sums are centred on (absent: none) */
  yOffset?: { value: number; intercept: number };
  feNames: string[];
  terms: { label: string; group: string; grouping: string[]; columns: string[] }[];
  fixedQuery: AggregateQuery;
  termQueries: AggregateQuery[];
  pairQueries: (AggregateQuery & { a: number; b: number })[];
  /** grouping variable → how its values come back */
  keyKinds: ReadonlyMap<string, 'numeric' | 'string'>;
}
