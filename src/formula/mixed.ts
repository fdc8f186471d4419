import { DataError, FormulaError } from '../errors.js';
import { toTable, type TableInput } from '../data/table.js';
import { buildDesign, type DesignMatrix } from './design.js';
import { groupingFactor, type GroupingFactor, type GroupingOptions } from './grouping.js';
import { formatFormula, formatNode, type FactorNode, type Formula, type FormulaNode, type RandomNode } from './ast.js';
import { parseFormula } from './parser.js';
import { rhsTerms } from './terms.js';

/**
 * One lme4 random-effects term after expansion.
 *
 * @example
 * ```ts
 * parseMixedFormula('y ~ x + (x | g)').random[0];
 * // { expr: 'x', grouping: ['g'], correlated: true, text: 'g', position: 8, ... }
 * ```
 */
export interface RandomTerm {
  /** Left side as a formula right-hand side (`'1'`, `'Days'`, `'0 + Days'`); an intercept is implicit unless removed. */
  readonly expr: string;
  /** AST of `expr`; positions refer to `source`. */
  readonly exprNode: FormulaNode;
  /** Grouping factor names, e.g. `['batch', 'cask']` for `batch:cask`. */
  readonly grouping: string[];
  /** `false` for terms produced by `||` (lme4's uncorrelated expansion). */
  readonly correlated: boolean;
  /** Grouping as written: `'batch:cask'`. */
  readonly text: string;
  /** 0-based offset of the term's `(` in `source`. */
  readonly position: number;
  /** The whole formula text (what positions refer to). */
  readonly source: string;
}

/**
 * * An lme4-style formula split into its fixed part and random terms.
 *
 * @example
 * ```ts
 * const m = parseMixedFormula('Reaction ~ Days + (Days | Subject)');
 * m.fixedText; // 'Reaction ~ Days'
 * ```
 */
export interface MixedFormula {
  /** Original text. */
  readonly formula: string;
  /** Response code (`'Reaction'`, `'log(y)'`) or `null` if there is no left side. */
  readonly response: string | null;
  /** Fixed part (left side + fixed right side); `text` is the original formula, so positions stay valid. */
  readonly fixed: Formula;
  /** Fixed part printed, e.g. `'Reaction ~ Days'`. */
  readonly fixedText: string;
  /** Fixed right side printed, e.g. `'Days'` (`'1'` when only random terms were given). */
  readonly fixedRhs: string;
  /** Random terms in formula order, after expanding `/` in groupings and `||`. */
  readonly random: RandomTerm[];
}

type Piece = { sign: '+' | '-'; node: FormulaNode };

function flatten(node: FormulaNode, src: string, out: Piece[], sign: '+' | '-' = '+'): void {
  if (node.kind === 'binary' && node.op === '+') {
    flatten(node.left, src, out, sign);
    flatten(node.right, src, out, '+');
    return;
  }
  if (node.kind === 'binary' && node.op === '-') {
    flatten(node.left, src, out, sign);
    assertNoRandom(node.right, src);
    out.push({ sign: '-', node: node.right });
    return;
  }
  if (node.kind !== 'random') assertNoRandom(node, src);
  out.push({ sign, node });
}

function assertNoRandom(node: FormulaNode, src: string): void {
  switch (node.kind) {
    case 'random':
      throw new FormulaError('a random-effects term must be added (+) at the top level of the formula', src, node.pos);
    case 'binary':
      assertNoRandom(node.left, src);
      assertNoRandom(node.right, src);
      return;
    case 'unary':
      assertNoRandom(node.arg, src);
      return;
    default:
      return;
  }
}

/** Grouping factor lists of a grouping expression: `a` → [[a]], `a:b` → [[a,b]], `a/b` → [[a],[a,b]]. */
function groupings(node: FormulaNode, src: string): string[][] {
  const check = (n: FormulaNode): void => {
    if (n.kind === 'binary' && (n.op === ':' || n.op === '/')) {
      check(n.left);
      check(n.right);
    } else if (n.kind === 'factor') {
      const e = n.expr;
      if (e.kind !== 'name' && !(e.kind === 'call' && e.callee === 'Q' && e.args[0]?.kind === 'str')) {
        throw new FormulaError(`grouping factor must be a variable name, got '${n.code}'`, src, n.pos);
      }
    } else {
      throw new FormulaError("grouping factors may be combined only with ':' (interaction) and '/' (nesting)", src, n.pos);
    }
  };
  check(node);
  const nameOf = (f: FactorNode): string => (f.expr.kind === 'name' ? f.expr.name : f.expr.kind === 'call' && f.expr.args[0]?.kind === 'str' ? f.expr.args[0].value : f.code);
  return rhsTerms(node, src, false).map((t) => t.factors.map(nameOf));
}

function interactionNode(factors: readonly FactorNode[]): FormulaNode {
  let n: FormulaNode = factors[0]!;
  for (let k = 1; k < factors.length; k++) {
    const r = factors[k]!;
    n = { kind: 'binary', op: ':', left: n, right: r, pos: n.pos, end: r.end, opPos: r.pos };
  }
  return n;
}

function expandRandom(node: RandomNode, src: string): RandomTerm[] {
  assertNoRandom(node.expr, src);
  const groups = groupings(node.grouping, src);
  // (e || g) → (1 | g) + (0 + t | g) for each non-intercept term t of e
  const exprs: FormulaNode[] = [];
  if (node.correlated) exprs.push(node.expr);
  else {
    for (const t of rhsTerms(node.expr, src)) {
      if (t.factors.length === 0) exprs.push({ kind: 'intercept', value: 1, pos: node.pos, end: node.pos + 1 });
      else {
        const right = interactionNode(t.factors);
        exprs.push({ kind: 'binary', op: '+', left: { kind: 'intercept', value: 0, pos: node.pos, end: node.pos + 1 }, right, pos: node.pos, end: right.end, opPos: node.pos });
      }
    }
  }
  // lme4's names for nesting: a/b → 'a' and 'b:a'; a/b/c adds 'c:(b:a)'
  const texts: string[] = [];
  groups.forEach((g, i) => {
    const prev = i > 0 ? groups[i - 1]! : null;
    if (!prev || prev.length >= g.length || !prev.every((f, j) => g[j] === f)) return void texts.push(g.join(':'));
    const pt = texts[i - 1]!;
    texts.push(`${g.slice(prev.length).join(':')}:${pt.includes(':') ? `(${pt})` : pt}`);
  });
  const out: RandomTerm[] = [];
  groups.forEach((g, i) => {
    for (const e of exprs) {
      out.push({ expr: formatNode(e), exprNode: e, grouping: g, correlated: node.correlated, text: texts[i]!, position: node.pos, source: src });
    }
  });
  return out;
}

/**
 * Splits an lme4 formula into the fixed part and random terms. `(e | a/b)`
 * expands to `(e | a) + (e | a:b)`; `(e || g)` to `(1 | g) + (0 + x | g) + ...`
 * (one uncorrelated term per term of `e`, as lme4's `||`). Random terms must
 * be summands at the top level. Terms are returned in formula order (lme4
 * later orders them by number of levels; that is the model's business).
 *
 * @example
 * ```ts
 * const m = parseMixedFormula('strength ~ 1 + (1 | batch/cask)');
 * m.fixedText;                       // 'strength ~ 1'
 * m.random.map((r) => r.text);       // ['batch', 'cask:batch'] (lme4's name for the nested term)
 * m.random[1]!.grouping;             // ['batch', 'cask']
 * ```
 */
export function parseMixedFormula(formula: string): MixedFormula {
  const f = parseFormula(formula);
  if (f.lhs) assertNoRandom(f.lhs, formula);
  const pieces: Piece[] = [];
  flatten(f.rhs, formula, pieces);
  const random: RandomTerm[] = [];
  let fixed: FormulaNode | null = null;
  for (const p of pieces) {
    if (p.node.kind === 'random') {
      random.push(...expandRandom(p.node, formula));
      continue;
    }
    if (fixed === null) {
      fixed = p.sign === '+' ? p.node : { kind: 'unary', op: '-', arg: p.node, pos: p.node.pos, end: p.node.end };
    } else {
      fixed = { kind: 'binary', op: p.sign, left: fixed, right: p.node, pos: fixed.pos, end: p.node.end, opPos: p.node.pos };
    }
  }
  const rhs: FormulaNode = fixed ?? { kind: 'intercept', value: 1, pos: f.rhs.pos, end: f.rhs.pos };
  const fixedFormula: Formula = { text: formula, lhs: f.lhs, rhs, hasTilde: f.hasTilde };
  return {
    formula,
    response: f.lhs && f.hasTilde ? formatNode(f.lhs) : null,
    fixed: fixedFormula,
    fixedText: f.hasTilde ? formatFormula(fixedFormula) : formatNode(rhs),
    fixedRhs: formatNode(rhs),
    random,
  };
}

/**
 * Everything the model needs about one random term on a table: the per-row
 * design of its left side (`n × k`, row-major) and the grouping factor (codes
 * per row, sorted levels). The term's block of Z has, for row i, the k values
 * `design.matrix[i*k .. i*k+k)` in the columns of level `factor.codes[i]`.
 *
 * @example
 * ```ts
 * const m = parseMixedFormula('Reaction ~ Days + (Days | Subject)');
 * const { design, factor } = randomTermDesign(m.random[0]!, sleepstudy);
 * design.columnNames; // ['Intercept', 'Days']
 * factor.levels.length; // 18
 * ```
 */
export function randomTermDesign(
  term: RandomTerm,
  data: TableInput,
  options: GroupingOptions & { missing?: 'raise' | 'none' } = {},
): { term: RandomTerm; design: DesignMatrix; factor: GroupingFactor } {
  const table = toTable(data);
  const design = buildDesign(term.exprNode, table, { source: term.source, missing: options.missing ?? 'raise' });
  const factor = groupingFactor(table, term.grouping, options);
  if ((options.missing ?? 'raise') === 'raise') {
    const i = factor.codes.indexOf(-1);
    if (i >= 0) throw new DataError(`missing value in grouping factor '${term.text}' at row ${i}`, { column: term.text, row: i });
  }
  return { term, design, factor };
}
