import { FormulaError } from '../errors.js';
import type { FactorNode, Formula, FormulaNode, PyNode } from './ast.js';
import { normalizeTokens, tokenize, type Token } from './tokens.js';

const BINARY_PREC: Record<string, number> = { '+': 100, '-': 100, '*': 200, '/': 200, ':': 300, '**': 500, '^': 500 };
const UNARY_PREC = 100;

/** Deepest nesting of parentheses / unary operators the recursive parser accepts. */
const MAX_NESTING = 200;
/** Deepest syntax tree accepted (a sum of n terms is n deep): the tree walkers after the parser are recursive. */
const MAX_TREE_DEPTH = 1000;

/**
 * Recursive-descent / precedence-climbing parser for patsy formulas extended
 * with lme4 random terms. Operator precedences are patsy's (`~` < `+ -` <
 * `* /` < `:` < `**`, all left-associative; unary `+ -` bind like binary
 * `+`; R's `^` is accepted as `**`); Python expressions inside calls follow
 * Python's precedence.
 */
class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}

  private nesting = 0;

  /** Runs one recursive step under the nesting limit (a FormulaError at the current token beyond it). */
  private nested<T>(f: () => T): T {
    if (++this.nesting > MAX_NESTING) this.fail(`formula nested too deeply (more than ${MAX_NESTING} levels of parentheses or signs)`);
    try {
      return f();
    } finally {
      this.nesting--;
    }
  }

  private get tok(): Token {
    return this.toks[this.i]!;
  }

  private fail(reason: string, pos = this.tok.pos): never {
    throw new FormulaError(reason, this.src, pos);
  }

  private atEnd(): boolean {
    return this.toks[this.i]!.type === 'eof';
  }

  private isOp(text: string): boolean {
    return this.tok.type === 'op' && this.tok.text === text;
  }

  private expectOp(text: string, what: string): Token {
    if (!this.isOp(text)) this.fail(this.atEnd() ? `expected '${text}' ${what}, found end of formula` : `expected '${text}' ${what}, found '${this.tok.text}'`);
    return this.toks[this.i++]!;
  }

  parseFormula(): Formula {
    if (this.atEnd()) this.fail('empty formula');
    let lhs: FormulaNode | null = null;
    let hasTilde = false;
    if (this.isOp('~')) {
      this.i++;
      hasTilde = true;
    } else {
      lhs = this.parseExpr(0);
      if (this.isOp('~')) {
        this.i++;
        hasTilde = true;
      } else if (!this.atEnd()) {
        this.fail(`unexpected '${this.tok.text}'`);
      } else {
        // no '~': the whole text is a right-hand side
        return { text: this.src, lhs: null, rhs: lhs, hasTilde: false };
      }
    }
    if (this.atEnd()) this.fail('missing right-hand side after \'~\'');
    const rhs = this.parseExpr(0);
    if (this.isOp('~')) this.fail("only one '~' allowed");
    if (!this.atEnd()) this.fail(this.isOp(')') ? "unmatched ')'" : `unexpected '${this.tok.text}'`);
    return { text: this.src, lhs, rhs, hasTilde };
  }

  /** expr := unary-or-atom (binop expr)* with precedence > minPrec (left-assoc). */
  private parseExpr(minPrec: number): FormulaNode {
    return this.nested(() => this.parseExprIn(minPrec));
  }

  private parseExprIn(minPrec: number): FormulaNode {
    let left = this.parseUnary();
    for (;;) {
      const t = this.tok;
      if (t.type !== 'op') {
        if (t.type !== 'eof') this.fail(`expected an operator before '${t.text}'`);
        return left;
      }
      const p = BINARY_PREC[t.text];
      if (p === undefined || p <= minPrec) return left;
      this.i++;
      if (this.atEnd()) this.fail(`missing operand after '${t.text}'`);
      const right = this.parseExpr(p);
      // R's `^` on term sums is patsy's `**`
      const op = (t.text === '^' ? '**' : t.text) as '+';
      left = { kind: 'binary', op, left, right, pos: left.pos, end: right.end, opPos: t.pos };
    }
  }

  private parseUnary(): FormulaNode {
    const t = this.tok;
    if (t.type === 'op' && (t.text === '+' || t.text === '-')) {
      this.i++;
      if (this.atEnd()) this.fail(`missing operand after '${t.text}'`);
      const arg = this.parseExpr(UNARY_PREC);
      return { kind: 'unary', op: t.text, arg, pos: t.pos, end: arg.end };
    }
    return this.parseAtom();
  }

  private parseAtom(): FormulaNode {
    const t = this.tok;
    if (t.type === 'eof') this.fail('unexpected end of formula');
    if (t.type === 'op' && t.text === '(') return this.parseParen();
    if (t.type === 'number') {
      this.i++;
      if (t.text === '0' || t.text === '1') return { kind: 'intercept', value: t.text === '0' ? 0 : 1, pos: t.pos, end: t.end };
      return { kind: 'number', value: Number(t.text), text: t.text, pos: t.pos, end: t.end };
    }
    if (t.type === 'name' || t.type === 'string') return this.parseFactor();
    if (t.type === 'op' && t.text === ')') this.fail("unmatched ')' or empty parentheses");
    return this.fail(`unexpected '${t.text}'`);
  }

  private parseParen(): FormulaNode {
    const open = this.toks[this.i++]!;
    if (this.isOp(')')) this.fail('empty parentheses');
    const inner = this.parseExpr(0);
    if (this.isOp('|') || this.isOp('||')) {
      const bar = this.toks[this.i++]!;
      if (this.isOp(')') || this.atEnd()) this.fail(`missing grouping factor after '${bar.text}'`);
      const grouping = this.parseExpr(0);
      const close = this.expectOp(')', `to close the random-effects term opened at ${open.pos}`);
      return { kind: 'random', expr: inner, grouping, correlated: bar.text === '|', pos: open.pos, end: close.end };
    }
    if (this.atEnd()) this.fail(`unclosed '(' (opened at offset ${open.pos})`, open.pos);
    this.expectOp(')', 'to close the parenthesis');
    return inner;
  }

  /** A factor atom: a Python primary (`x`, `np.log(x)`, `C(g, Treatment('b'))`, `Q("a b")`). */
  private parseFactor(): FactorNode {
    const start = this.i;
    const expr = this.parsePyPrimary();
    const code = normalizeTokens(this.toks.slice(start, this.i));
    return { kind: 'factor', expr, code, pos: expr.pos, end: expr.end };
  }

  // ---- Python expressions (inside calls) ----

  private parsePyExpr(): PyNode {
    return this.nested(() => this.parsePyExprIn());
  }

  private parsePyExprIn(): PyNode {
    let left = this.parsePyTerm();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.toks[this.i++]!.text as '+' | '-';
      const right = this.parsePyTerm();
      left = { kind: 'binop', op, left, right, pos: left.pos, end: right.end };
    }
    return left;
  }

  private parsePyTerm(): PyNode {
    let left = this.parsePyFactor();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = this.toks[this.i++]!.text as '*' | '/';
      const right = this.parsePyFactor();
      left = { kind: 'binop', op, left, right, pos: left.pos, end: right.end };
    }
    return left;
  }

  private parsePyFactor(): PyNode {
    const t = this.tok;
    if (this.isOp('-') || this.isOp('+')) {
      this.i++;
      const arg = this.nested(() => this.parsePyFactor());
      return { kind: t.text === '-' ? 'neg' : 'pos', arg, pos: t.pos, end: arg.end };
    }
    return this.parsePyPower();
  }

  private parsePyPower(): PyNode {
    const base = this.parsePyPrimary();
    if (this.isOp('**') || this.isOp('^')) {
      // `^` is R's power (as in lme4's I(x^2)); Python's XOR has no use on data
      this.i++;
      const exp = this.nested(() => this.parsePyFactor()); // right-assoc, binds unary minus on its right
      return { kind: 'binop', op: '**', left: base, right: exp, pos: base.pos, end: exp.end };
    }
    return base;
  }

  private parsePyPrimary(): PyNode {
    const t = this.tok;
    if (t.type === 'number') {
      this.i++;
      return { kind: 'num', value: Number(t.text), pos: t.pos, end: t.end };
    }
    if (t.type === 'string') {
      this.i++;
      return { kind: 'str', value: unquote(t.text), pos: t.pos, end: t.end };
    }
    if (this.isOp('(')) {
      this.i++;
      const e = this.parsePyExpr();
      this.expectOp(')', 'to close the parenthesis');
      return e;
    }
    if (this.isOp('[')) {
      this.i++;
      const items: PyNode[] = [];
      while (!this.isOp(']')) {
        items.push(this.parsePyExpr());
        if (!this.isOp(',')) break;
        this.i++;
      }
      const close = this.expectOp(']', 'to close the list');
      return { kind: 'list', items, pos: t.pos, end: close.end };
    }
    if (t.type !== 'name') this.fail(t.type === 'eof' ? 'unexpected end of formula' : `unexpected '${t.text}'`);
    this.i++;
    let name = t.text.startsWith('`') ? t.text.slice(1, -1) : t.text;
    let end = t.end;
    while (this.isOp('.')) {
      this.i++;
      const part = this.tok;
      if (part.type !== 'name') this.fail(`expected a name after '.'`);
      this.i++;
      name += `.${part.text}`;
      end = part.end;
    }
    if (!this.isOp('(')) return { kind: 'name', name, pos: t.pos, end };
    const open = this.toks[this.i++]!;
    const args: PyNode[] = [];
    const kwargs: { name: string; value: PyNode; pos: number }[] = [];
    while (!this.isOp(')')) {
      if (this.atEnd()) this.fail(`unclosed '(' of ${name}(`, open.pos);
      const k = this.tok;
      const next = this.toks[this.i + 1];
      if (k.type === 'name' && next && next.type === 'op' && next.text === '=') {
        this.i += 2;
        kwargs.push({ name: k.text, value: this.parsePyExpr(), pos: k.pos });
      } else {
        if (kwargs.length > 0) this.fail('positional argument after keyword argument');
        args.push(this.parsePyExpr());
      }
      if (this.isOp(',')) this.i++;
      else if (!this.isOp(')')) {
        if (this.atEnd()) this.fail(`unclosed '(' of ${name}(`, open.pos);
        this.fail(`expected ',' or ')' in arguments of ${name}, found '${this.tok.text}'`);
      }
    }
    const close = this.toks[this.i++]!;
    return { kind: 'call', callee: name, args, kwargs, pos: t.pos, end: close.end };
  }
}

function unquote(s: string): string {
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/**
 * Parses a formula (`lhs ~ rhs`, `~ rhs`, or a bare right-hand side) into an
 * AST with source positions. Throws {@link FormulaError} with the 0-based
 * offset of the problem (its message shows a caret under it).
 *
 * @example
 * ```ts
 * const f = parseFormula('Reaction ~ Days + (Days | Subject)');
 * f.lhs?.kind;  // 'factor'
 * parseFormula('y ~ x +'); // throws FormulaError, position 7
 * ```
 */
export function parseFormula(formula: string): Formula {
  const f = new Parser(formula, tokenize(formula)).parseFormula();
  checkTreeDepth(f);
  return f;
}

/** Children of a formula or Python node (for the iterative depth check). */
function children(n: FormulaNode | PyNode): Array<FormulaNode | PyNode> {
  switch (n.kind) {
    case 'binary':
    case 'binop':
      return [n.left, n.right];
    case 'unary':
    case 'neg':
    case 'pos':
      return [n.arg];
    case 'factor':
      return [n.expr];
    case 'random':
      return [n.expr, n.grouping];
    case 'call':
      return [...n.args, ...n.kwargs.map((k) => k.value)];
    case 'list':
      return n.items;
    default:
      return [];
  }
}

/** The syntax tree is at most MAX_TREE_DEPTH deep (checked without recursion); FormulaError at the deepest node otherwise. */
function checkTreeDepth(f: Formula): void {
  const stack: Array<[FormulaNode | PyNode, number]> = [];
  if (f.lhs) stack.push([f.lhs, 1]);
  stack.push([f.rhs, 1]);
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > MAX_TREE_DEPTH) {
      throw new FormulaError(`formula too long or too deeply nested: its expression tree is more than ${MAX_TREE_DEPTH} levels deep (e.g. a sum of more than ${MAX_TREE_DEPTH} terms)`, f.text, n.pos);
    }
    for (const c of children(n)) stack.push([c, d + 1]);
  }
}

/**
 * Parses a right-hand side (a leading `~` is allowed); throws when the text has
 * a left-hand side.
 *
 * @example
 * ```ts
 * parseRhs('0 + C(g)').kind; // 'binary'
 * ```
 */
export function parseRhs(text: string): FormulaNode {
  const f = parseFormula(text);
  if (f.lhs && f.hasTilde) throw new FormulaError('expected a right-hand side only (no left-hand side)', text, f.lhs.pos);
  return f.rhs;
}
