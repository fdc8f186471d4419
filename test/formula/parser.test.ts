import { describe, expect, it } from 'vitest';
import { FormulaError, InvalidArgumentError } from '../../src/errors.js';
import { formatFormula, formatNode } from '../../src/formula/ast.js';
import { parseFormula, parseRhs } from '../../src/formula/parser.js';
import { normalizeTokens, tokenize } from '../../src/formula/tokens.js';
import { sexpr } from './helpers.js';

function rhs(f: string): string {
  return sexpr(parseFormula(f).rhs);
}

function errorOf(f: string): FormulaError {
  try {
    parseFormula(f);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`expected '${f}' to fail`);
}

describe('tokenizer', () => {
  it('splits names, numbers, strings and multi-character operators with positions', () => {
    const t = tokenize("y ~ x**2 + (1||g) + C(g, Treatment('b'))");
    expect(t.map((x) => x.text)).toEqual(['y', '~', 'x', '**', '2', '+', '(', '1', '||', 'g', ')', '+', 'C', '(', 'g', ',', 'Treatment', '(', "'b'", ')', ')', '']);
    expect(t[3]).toEqual({ type: 'op', text: '**', pos: 5, end: 7 });
    expect(t[18]!.type).toBe('string');
  });

  it('reads decimals and exponents; dotted names (R\'s Days.2, numpy\'s np.log) are one name token', () => {
    expect(tokenize('1.5e-3 .5 np.log Days.2 x.').map((x) => x.text)).toEqual(['1.5e-3', '.5', 'np.log', 'Days.2', 'x', '.', '']);
  });

  it("normalizes spacing like patsy's normalize_token_spacing", () => {
    const norm = (s: string): string => normalizeTokens(tokenize(s));
    expect(norm('I(x**2)')).toBe('I(x ** 2)');
    expect(norm('I( -x+ 1 )')).toBe('I(-x + 1)');
    expect(norm("C(g,Treatment(reference='c'))")).toBe("C(g, Treatment(reference='c'))");
    expect(norm('np.log( x )')).toBe('np.log(x)');
    expect(norm('I(x*-2)')).toBe('I(x * -2)');
  });
});

describe('parser: precedence and associativity (patsy: + - < * / < : < **)', () => {
  it('binds : tighter than *, * tighter than +', () => {
    expect(rhs('y ~ a + b:c*d')).toBe('(+ a (* b:c d))'.replace('b:c', '(: b c)'));
    expect(rhs('y ~ a*b + c')).toBe('(+ (* a b) c)');
  });
  it('is left-associative', () => {
    expect(rhs('~ a - b + c')).toBe('(+ (- a b) c)');
    expect(rhs('~ a/b/c')).toBe('(/ (/ a b) c)');
    expect(rhs('~ a:b:c')).toBe('(: (: a b) c)');
  });
  it('gives ** the highest precedence and numbers as exponents', () => {
    expect(rhs('~ (a + b)**2:c')).toBe('(: (** (+ a b) 2) c)');
    expect(rhs('~ a + b**3')).toBe('(+ a (** b 3))');
  });
  it('treats unary minus like binary + (patsy), 0/1 as intercept literals', () => {
    expect(rhs('~ -1 + x')).toBe('(+ (- 1) x)');
    expect(rhs('~ 0 + x')).toBe('(+ 0 x)');
    expect(rhs('~ x - 1')).toBe('(- x 1)');
  });
  it('parses Python calls as single factors with normalized names', () => {
    expect(rhs('y ~ np.log(x) + I(x**2 - 2*z) + C(g, Treatment(reference="b"))')).toBe(
      '(+ (+ np.log(x) I(x ** 2 - 2 * z)) C(g, Treatment(reference="b")))',
    );
    expect(rhs("~ Q('weird name') + center(x)")).toBe("(+ Q('weird name') center(x))");
  });
  it('parses lme4 random terms with | and ||, groupings with : and /', () => {
    expect(rhs('y ~ x + (1 + x | g)')).toBe('(+ x [(+ 1 x) | g])');
    expect(rhs('y ~ (x || g) + (1 | a:b) + (1 | a/b)')).toBe('(+ (+ [x || g] [1 | (: a b)]) [1 | (/ a b)])');
  });
  it('accepts a bare right-hand side and a leading ~', () => {
    const f = parseFormula('x + z');
    expect(f.lhs).toBeNull();
    expect(f.hasTilde).toBe(false);
    expect(sexpr(parseRhs('~ x'))).toBe('x');
  });
  it('prints formulas back with minimal parentheses', () => {
    expect(formatFormula(parseFormula('y~(a+b):c-1'))).toBe('y ~ (a + b):c - 1');
    expect(formatNode(parseFormula('~a-(b-c)').rhs)).toBe('a - (b - c)');
    expect(formatNode(parseFormula('~(x||g)').rhs)).toBe('(x || g)');
  });
});

describe('parser: source positions', () => {
  it('records spans of factors, operators and random terms', () => {
    const f = parseFormula('Reaction ~ Days + (Days | Subject)');
    expect(f.lhs).toMatchObject({ kind: 'factor', code: 'Reaction', pos: 0, end: 8 });
    const r = f.rhs;
    if (r.kind !== 'binary') throw new Error('expected binary');
    expect(r.opPos).toBe(16);
    expect(r.left).toMatchObject({ kind: 'factor', pos: 11, end: 15 });
    expect(r.right).toMatchObject({ kind: 'random', pos: 18, end: 34, correlated: true });
  });
});

describe('parser: errors with carets', () => {
  it.each([
    ['y ~ x +', 7, 'missing operand'],
    ['y ~ ', 4, 'missing right-hand side'],
    ['y ~ (x + z', 4, 'unclosed'],
    ['y ~ x)', 5, "unmatched ')'"],
    ['y ~ x $ z', 6, "unexpected character '$'"],
    ['y ~ log(x', 7, 'unclosed'],
    ['y ~ x ~ z', 6, "only one '~'"],
    ['y ~ (1 | )', 9, 'missing grouping factor'],
    ['y ~ x z', 6, 'expected an operator'],
    ["y ~ C(g, 'a)", 9, 'unterminated string'],
    ['', 0, 'empty formula'],
  ])('%s → position %i', (f, pos, reason) => {
    const e = errorOf(f);
    expect(e.position).toBe(pos);
    expect(e.reason).toContain(reason);
    expect(e.formula).toBe(f);
    const lines = e.message.split('\n');
    expect(lines[1]).toBe(`  ${f}`);
    expect(lines[2]).toBe(`  ${' '.repeat(pos)}^`);
  });
});

describe('non-string formulas', () => {
  it('raise a typed error naming the argument', () => {
    expect(() => parseFormula(42 as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => parseFormula(null as unknown as string)).toThrow(/expected a formula string, got null/);
  });
});
