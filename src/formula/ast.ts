/**
 * Formula AST. Every node carries its 0-based source span `[pos, end)`.
 *
 * Formula level (patsy + lme4): `~`, `+`, `-`, `*`, `/`, `:`, `**`, unary
 * `+`/`-`, the intercept literals `0`/`1`, other numbers (only as `**`
 * exponents), factors (a Python expression such as `x`, `C(g)`, `I(x ** 2)`),
 * and lme4 random terms `(expr | g)` / `(expr || g)`.
 *
 * @example
 * ```ts
 * const f = parseFormula('y ~ x + (1 | g)');
 * f.rhs.kind; // 'binary'
 * ```
 */
export type FormulaNode =
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | ':' | '**'; left: FormulaNode; right: FormulaNode; pos: number; end: number; opPos: number }
  | { kind: 'unary'; op: '+' | '-'; arg: FormulaNode; pos: number; end: number }
  | { kind: 'intercept'; value: 0 | 1; pos: number; end: number }
  | { kind: 'number'; value: number; text: string; pos: number; end: number }
  | FactorNode
  | RandomNode;

/**
 * A factor: a Python expression evaluated against the data; `code` is its patsy-normalized text (its name).
 *
 * @example
 * ```ts
 * const f = parseFormula('y ~ I(x**2)').rhs as FactorNode;
 * f.code; // 'I(x ** 2)'
 * ```
 */
export interface FactorNode {
  kind: 'factor';
  expr: PyNode;
  code: string;
  pos: number;
  end: number;
}

/**
 * An lme4 random-effects term `(expr | grouping)` or `(expr || grouping)`.
 *
 * @example
 * ```ts
 * const r = parseFormula('y ~ (1 | g)').rhs as RandomNode;
 * r.correlated; // true
 * ```
 */
export interface RandomNode {
  kind: 'random';
  expr: FormulaNode;
  grouping: FormulaNode;
  correlated: boolean;
  pos: number;
  end: number;
}

/**
 * Python expression inside a factor (`I(...)`, `C(...)`, `log(x)`, ...).
 *
 * @example
 * ```ts
 * const e: PyNode = { kind: 'name', name: 'x', pos: 0, end: 1 };
 * ```
 */
export type PyNode =
  | { kind: 'name'; name: string; pos: number; end: number }
  | { kind: 'num'; value: number; pos: number; end: number }
  | { kind: 'str'; value: string; pos: number; end: number }
  | { kind: 'call'; callee: string; args: PyNode[]; kwargs: { name: string; value: PyNode; pos: number }[]; pos: number; end: number }
  | { kind: 'binop'; op: '+' | '-' | '*' | '/' | '**' | '//' | '%'; left: PyNode; right: PyNode; pos: number; end: number }
  | { kind: 'neg' | 'pos'; arg: PyNode; pos: number; end: number }
  | { kind: 'list'; items: PyNode[]; pos: number; end: number };

/**
 * A parsed formula: optional left side, right side, and the source text.
 *
 * @example
 * ```ts
 * parseFormula('~ x').lhs; // null
 * ```
 */
export interface Formula {
  readonly text: string;
  readonly lhs: FormulaNode | null;
  readonly rhs: FormulaNode;
  /** Whether a `~` was present. */
  readonly hasTilde: boolean;
}

const PREC: Record<string, number> = { '+': 100, '-': 100, '*': 200, '/': 200, ':': 300, '**': 500 };

/**
 * Prints a formula node back as text with minimal parentheses (factors by their
 * normalized code).
 *
 * @example
 * ```ts
 * formatNode(parseFormula('y ~ (a+b):c').rhs); // '(a + b):c'
 * ```
 */
export function formatNode(node: FormulaNode, parentPrec = 0, rightSide = false): string {
  switch (node.kind) {
    case 'intercept':
      return String(node.value);
    case 'number':
      return node.text;
    case 'factor':
      return node.code;
    case 'random':
      return `(${formatNode(node.expr)} ${node.correlated ? '|' : '||'} ${formatNode(node.grouping)})`;
    case 'unary': {
      const s = `${node.op}${formatNode(node.arg, 101)}`;
      return parentPrec > 100 ? `(${s})` : s;
    }
    case 'binary': {
      const p = PREC[node.op]!;
      const sep = node.op === ':' || node.op === '**' ? node.op : ` ${node.op} `;
      const s = `${formatNode(node.left, p)}${sep}${formatNode(node.right, p, true)}`;
      return p < parentPrec || (p === parentPrec && rightSide) ? `(${s})` : s;
    }
  }
}

/**
 * Prints a whole formula (`lhs ~ rhs` or `~ rhs`).
 *
 * @example
 * ```ts
 * formatFormula(parseFormula('y~x*z')); // 'y ~ x * z'
 * ```
 */
export function formatFormula(f: { lhs: FormulaNode | null; rhs: FormulaNode }): string {
  return f.lhs ? `${formatNode(f.lhs)} ~ ${formatNode(f.rhs)}` : `~ ${formatNode(f.rhs)}`;
}

/**
 * Visits every Python-expression node inside a formula AST, depth first.
 * `visit` returns false to skip a node's children (e.g. `Q('name')`).
 *
 * @example
 * ```ts
 * const names: string[] = [];
 * forEachPyNode(parseFormula('y ~ log(x) + (1 | g)').rhs, (e) => (e.kind === 'name' && names.push(e.name), true));
 * names; // ['x', 'g']
 * ```
 */
export function forEachPyNode(node: FormulaNode, visit: (e: PyNode) => boolean): void {
  const py = (e: PyNode): void => {
    if (!visit(e)) return;
    switch (e.kind) {
      case 'call':
        e.args.forEach(py);
        e.kwargs.forEach((k) => py(k.value));
        return;
      case 'binop':
        py(e.left);
        py(e.right);
        return;
      case 'neg':
      case 'pos':
        py(e.arg);
        return;
      case 'list':
        e.items.forEach(py);
        return;
      default:
        return;
    }
  };
  const walk = (n: FormulaNode): void => {
    switch (n.kind) {
      case 'factor':
        return py(n.expr);
      case 'binary':
        walk(n.left);
        walk(n.right);
        return;
      case 'unary':
        return walk(n.arg);
      case 'random':
        walk(n.expr);
        walk(n.grouping);
        return;
      default:
        return;
    }
  };
  walk(node);
}
