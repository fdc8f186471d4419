import { FormulaError } from '../errors.js';
import { didYouMean } from '../data/closest.js';
import type { Table } from '../data/table.js';
import type { PyNode } from './ast.js';

/**
 * Treatment coding spec: `reference` is a level label, a level index, or
 * `null` (first level).
 *
 * @example
 * ```ts
 * const s: TreatmentSpec = { type: 'treatment', reference: 'b', referenceIsString: true };
 * ```
 */
export interface TreatmentSpec {
  readonly type: 'treatment';
  readonly reference: string | number | null;
  /** `true` when the reference was given as a Python string (match labels only). */
  readonly referenceIsString: boolean;
}

/**
 * Value of a Python expression evaluated over a table: numeric vector,
 * categorical vector (labels, sorted levels, optional coding), or a scalar /
 * string / list / contrast used as a function argument.
 *
 * @example
 * ```ts
 * const v: Value = { t: 'scalar', v: 2 };
 * ```
 */
export type Value =
  | { t: 'num'; v: Float64Array }
  | { t: 'cat'; labels: readonly (string | null)[]; levels: string[]; contrast: TreatmentSpec | null; variable: string | null }
  | { t: 'scalar'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'list'; items: Value[] }
  | { t: 'contrast'; spec: TreatmentSpec };

/**
 * Memorized state of stateful transforms (`center`, `standardize`), keyed by
 * the call's source offset: filled on the first (fitting) evaluation, reused
 * when rebuilding the design for new data.
 *
 * @example
 * ```ts
 * const state: TransformState = new Map(); // filled by FactorEvaluator in 'fit' mode
 * ```
 */
export type TransformState = Map<number, { mean: number; sd: number }>;

const MATH: Record<string, (x: number) => number> = {
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  log1p: Math.log1p,
  exp: Math.exp,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  fabs: Math.abs,
  absolute: Math.abs,
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arctan: Math.atan,
  tanh: Math.tanh,
  floor: Math.floor,
  ceil: Math.ceil,
  sign: Math.sign,
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN };

/** Strips the `np.` / `numpy.` / `math.` namespace. */
function bare(name: string): string {
  return name.replace(/^(np|numpy|math)\./, '');
}

/**
 * Code-point order (Python's `str` ordering), not locale order.
 *
 * @example
 * ```ts
 * ['b', 'B', 'a'].sort(compareStrings); // ['B', 'a', 'b']
 * ```
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Levels of a string column as patsy sorts them (code-point order), nulls skipped.
 *
 * @example
 * ```ts
 * stringLevels(['b', null, 'a', 'b']); // ['a', 'b']
 * ```
 */
export function stringLevels(values: readonly (string | null)[]): string[] {
  const s = new Set<string>();
  for (const v of values) if (v !== null) s.add(v);
  return [...s].sort(compareStrings);
}

/**
 * {@link stringLevels} of a coded categorical column: the levels some row
 * uses, in code-point order (one pass over the codes, no per-row strings).
 *
 * @example
 * ```ts
 * presentLevels(Int32Array.of(1, -1, 1), ['a', 'b']); // ['b']
 * ```
 */
export function presentLevels(codes: Int32Array, levels: readonly string[]): string[] {
  const used = new Uint8Array(levels.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) used[c] = 1;
  }
  const out: string[] = [];
  for (let k = 0; k < levels.length; k++) if (used[k]) out.push(levels[k]!);
  return out.sort(compareStrings);
}

/**
 * Label of a number used as a category (`C(x)` on a numeric column): `String(x)`.
 *
 * @example
 * ```ts
 * numberLabel(2); // '2'
 * ```
 */
export function numberLabel(x: number): string {
  return String(x);
}

function numericToCategorical(v: Float64Array, variable: string | null): Extract<Value, { t: 'cat' }> {
  const uniq = new Set<number>();
  for (const x of v) if (!Number.isNaN(x)) uniq.add(x);
  const levels = [...uniq].sort((a, b) => a - b).map(numberLabel);
  const labels = Array.from(v, (x) => (Number.isNaN(x) ? null : numberLabel(x)));
  return { t: 'cat', labels, levels, contrast: null, variable };
}

/**
 * Evaluates factor expressions against a table. `mode: 'fit'` memorizes
 * stateful transforms into `state`; `'apply'` reuses them.
 *
 * @example
 * ```ts
 * const ev = new FactorEvaluator('y ~ log(x)', table, new Map(), 'fit');
 * ev.eval(factorNode.expr);
 * ```
 */
export class FactorEvaluator {
  constructor(
    private readonly src: string,
    private readonly table: Table,
    private readonly state: TransformState,
    private readonly mode: 'fit' | 'apply',
  ) {}

  private fail(reason: string, pos: number): never {
    throw new FormulaError(reason, this.src, pos);
  }

  private get n(): number {
    return this.table.nrow;
  }

  /** Looks a variable up; unknown names throw FormulaError with a suggestion. */
  lookup(name: string, pos: number): Value {
    if (this.table.has(name)) {
      const c = this.table.column(name);
      if (c.kind === 'numeric') return { t: 'num', v: c.values };
      return { t: 'cat', labels: c.values, levels: presentLevels(c.codes, c.levels), contrast: null, variable: name };
    }
    const b = bare(name);
    if (b !== name || name in CONSTANTS) {
      const k = CONSTANTS[b];
      if (k !== undefined) return { t: 'scalar', v: k };
    }
    if (name === 'True' || name === 'False') return { t: 'bool', v: name === 'True' };
    if (name === 'None') return { t: 'none' };
    if (name === 'Treatment') return { t: 'contrast', spec: { type: 'treatment', reference: null, referenceIsString: false } };
    return this.fail(`unknown variable '${name}'${didYouMean(name, this.table.names)}`, pos);
  }

  private toNum(v: Value, pos: number, what: string): Float64Array | number {
    if (v.t === 'num') return v.v;
    if (v.t === 'scalar') return v.v;
    if (v.t === 'bool') return v.v ? 1 : 0;
    if (v.t === 'cat') return this.fail(`${what}: '${v.variable ?? 'expression'}' is categorical, arithmetic needs a numeric value`, pos);
    return this.fail(`${what}: expected a number`, pos);
  }

  private map1(x: Float64Array | number, f: (a: number) => number): Value {
    if (typeof x === 'number') return { t: 'scalar', v: f(x) };
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
    return { t: 'num', v: out };
  }

  private map2(a: Float64Array | number, b: Float64Array | number, f: (x: number, y: number) => number): Value {
    if (typeof a === 'number' && typeof b === 'number') return { t: 'scalar', v: f(a, b) };
    const n = this.n;
    const out = new Float64Array(n);
    if (typeof a === 'number') for (let i = 0; i < n; i++) out[i] = f(a, (b as Float64Array)[i]!);
    else if (typeof b === 'number') for (let i = 0; i < n; i++) out[i] = f(a[i]!, b);
    else for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return { t: 'num', v: out };
  }

  /** Evaluates a Python expression node. */
  eval(node: PyNode): Value {
    switch (node.kind) {
      case 'num':
        return { t: 'scalar', v: node.value };
      case 'str':
        return { t: 'str', v: node.value };
      case 'name':
        return this.lookup(node.name, node.pos);
      case 'list':
        return { t: 'list', items: node.items.map((x) => this.eval(x)) };
      case 'neg':
      case 'pos': {
        const a = this.toNum(this.eval(node.arg), node.pos, `unary ${node.kind === 'neg' ? '-' : '+'}`);
        return node.kind === 'neg' ? this.map1(a, (x) => -x) : this.map1(a, (x) => x);
      }
      case 'call':
        return this.call(node);
      case 'binop': {
        const a = this.toNum(this.eval(node.left), node.left.pos, `'${node.op}'`);
        const b = this.toNum(this.eval(node.right), node.right.pos, `'${node.op}'`);
        switch (node.op) {
          case '+':
            return this.map2(a, b, (x, y) => x + y);
          case '-':
            return this.map2(a, b, (x, y) => x - y);
          case '*':
            return this.map2(a, b, (x, y) => x * y);
          case '/':
            return this.map2(a, b, (x, y) => x / y);
          case '//':
            return this.map2(a, b, (x, y) => Math.floor(x / y));
          case '%':
            return this.map2(a, b, (x, y) => x - y * Math.floor(x / y));
          case '**':
            return this.map2(a, b, (x, y) => x ** y);
        }
      }
    }
  }

  private kw(node: Extract<PyNode, { kind: 'call' }>, allowed: readonly string[]): Map<string, PyNode> {
    const m = new Map<string, PyNode>();
    for (const k of node.kwargs) {
      if (!allowed.includes(k.name)) this.fail(`${node.callee}() got an unexpected keyword argument '${k.name}'`, k.pos);
      m.set(k.name, k.value);
    }
    return m;
  }

  private call(node: Extract<PyNode, { kind: 'call' }>): Value {
    const name = bare(node.callee);
    const arity = (lo: number, hi: number): void => {
      if (node.args.length < lo || node.args.length > hi) {
        this.fail(`${node.callee}() takes ${lo === hi ? lo : `${lo} to ${hi}`} positional argument${hi === 1 ? '' : 's'}, got ${node.args.length}`, node.pos);
      }
    };
    const f = MATH[name];
    if (f && (node.callee === name || node.callee.startsWith('np.') || node.callee.startsWith('numpy.') || node.callee.startsWith('math.'))) {
      arity(1, 1);
      this.kw(node, []);
      return this.map1(this.toNum(this.eval(node.args[0]!), node.args[0]!.pos, `${node.callee}()`), f);
    }
    switch (node.callee) {
      case 'I':
        arity(1, 1);
        this.kw(node, []);
        return this.eval(node.args[0]!);
      case 'Q': {
        arity(1, 1);
        const a = node.args[0]!;
        if (a.kind !== 'str') return this.fail('Q() takes a quoted column name', a.pos);
        if (!this.table.has(a.value)) this.fail(`unknown variable '${a.value}'${didYouMean(a.value, this.table.names)}`, a.pos);
        return this.lookup(a.value, a.pos);
      }
      case 'C':
      case 'factor': // R spellings, for lme4-style formulas
      case 'as.factor':
        return this.categorical(node);
      case 'Treatment':
        return this.treatment(node);
      case 'center':
      case 'standardize':
      case 'scale':
        return this.stateful(node);
      case 'Sum':
      case 'Helmert':
      case 'Poly':
      case 'Diff':
        return this.fail(`contrast ${node.callee} is not supported (only Treatment)`, node.pos);
      default:
        return this.fail(`unknown function '${node.callee}'`, node.pos);
    }
  }

  private treatment(node: Extract<PyNode, { kind: 'call' }>): Value {
    if (node.args.length > 1) this.fail('Treatment() takes at most one positional argument', node.pos);
    const kw = this.kw(node, ['reference']);
    const refNode = kw.get('reference') ?? node.args[0];
    if (refNode === undefined) return { t: 'contrast', spec: { type: 'treatment', reference: null, referenceIsString: false } };
    const r = this.eval(refNode);
    if (r.t === 'str') return { t: 'contrast', spec: { type: 'treatment', reference: r.v, referenceIsString: true } };
    if (r.t === 'scalar') return { t: 'contrast', spec: { type: 'treatment', reference: r.v, referenceIsString: false } };
    if (r.t === 'bool') return { t: 'contrast', spec: { type: 'treatment', reference: r.v ? 'True' : 'False', referenceIsString: true } };
    return this.fail('Treatment reference must be a level (string or number)', refNode.pos);
  }

  private categorical(node: Extract<PyNode, { kind: 'call' }>): Value {
    if (node.args.length < 1 || node.args.length > 2) this.fail(`C() takes 1 or 2 positional arguments, got ${node.args.length}`, node.pos);
    const kw = this.kw(node, ['levels', 'contrast']);
    const x = this.eval(node.args[0]!);
    const variable = node.args[0]!.kind === 'name' ? node.args[0]!.name : null;
    let cat: Extract<Value, { t: 'cat' }>;
    if (x.t === 'cat') cat = { ...x };
    else if (x.t === 'num') cat = numericToCategorical(x.v, variable);
    else return this.fail('C() needs a column', node.args[0]!.pos);
    const cNode = node.args[1] ?? kw.get('contrast');
    if (cNode !== undefined) {
      const c = this.eval(cNode);
      if (c.t !== 'contrast') this.fail('second argument of C() must be a contrast such as Treatment(reference=...)', cNode.pos);
      cat.contrast = c.spec;
    }
    const lv = kw.get('levels');
    if (lv !== undefined) {
      const l = this.eval(lv);
      if (l.t !== 'list') this.fail('levels= must be a list', lv.pos);
      const levels = l.items.map((it) => (it.t === 'str' ? it.v : it.t === 'scalar' ? numberLabel(it.v) : it.t === 'bool' ? (it.v ? 'True' : 'False') : this.fail('levels must be strings or numbers', lv.pos)));
      if (new Set(levels).size !== levels.length) this.fail('levels= has duplicates', lv.pos);
      cat.levels = levels;
    }
    return cat;
  }

  private stateful(node: Extract<PyNode, { kind: 'call' }>): Value {
    if (node.args.length !== 1) this.fail(`${node.callee}() takes one positional argument`, node.pos);
    const isStd = node.callee !== 'center';
    const kw = this.kw(node, isStd ? ['center', 'rescale', 'ddof'] : []);
    const flag = (k: string, dflt: boolean): boolean => {
      const n = kw.get(k);
      if (!n) return dflt;
      const v = this.eval(n);
      if (v.t === 'bool') return v.v;
      if (v.t === 'scalar') return v.v !== 0;
      return this.fail(`${k}= must be True or False`, n.pos);
    };
    const doCenter = isStd ? flag('center', true) : true;
    const doScale = isStd ? flag('rescale', true) : false;
    let ddof = 0;
    const dn = kw.get('ddof');
    if (dn) {
      const v = this.eval(dn);
      if (v.t !== 'scalar') this.fail('ddof= must be a number', dn.pos);
      ddof = v.v;
    }
    const x = this.toNum(this.eval(node.args[0]!), node.args[0]!.pos, `${node.callee}()`);
    if (typeof x === 'number') return this.fail(`${node.callee}() needs a column`, node.pos);
    let st = this.state.get(node.pos);
    if (this.mode === 'fit' || st === undefined) {
      // mean and sd over non-missing values: mean = Σx/n, sd = sqrt(Σ(x-mean)²/(n-ddof))
      let s = 0;
      let k = 0;
      for (const v of x) if (!Number.isNaN(v)) {
        s += v;
        k++;
      }
      const mean = k > 0 ? s / k : NaN;
      let ss = 0;
      for (const v of x) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
      st = { mean, sd: Math.sqrt(ss / (k - ddof)) };
      this.state.set(node.pos, st);
    }
    const { mean, sd } = st;
    return this.map1(x, (v) => ((doCenter ? v - mean : v) / (doScale ? sd : 1)));
  }
}
