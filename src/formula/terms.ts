import { FormulaError } from '../errors.js';
import type { FactorNode, Formula, FormulaNode } from './ast.js';

/**
 * A term: an interaction of distinct factors (the empty term is the intercept).
 * Two terms are equal when they hold the same set of factors (`key`).
 *
 * @example
 * ```ts
 * termsOf(parseFormula('y ~ a:b')).rhs[1]!.name; // 'a:b'
 * ```
 */
export interface Term {
  readonly factors: readonly FactorNode[];
  /** Factor codes sorted and joined: set identity of the term. */
  readonly key: string;
  /** patsy's term name: factor codes joined by `:` in order, or `Intercept`. */
  readonly name: string;
}

/**
 * patsy's `ModelDesc`: the terms of each side, intercept (if any) first on the right.
 *
 * @example
 * ```ts
 * termsOf(parseFormula('y ~ a*b')).rhs.length; // 4
 * ```
 */
export interface ModelDesc {
  readonly lhs: Term[];
  readonly rhs: Term[];
}

/**
 * Builds a term from factors, dropping repeated ones (by code), order kept.
 *
 * @example
 * ```ts
 * makeTerm([]).name; // 'Intercept'
 * ```
 */
export function makeTerm(factors: readonly FactorNode[]): Term {
  const seen = new Set<string>();
  const fs: FactorNode[] = [];
  for (const f of factors) {
    if (!seen.has(f.code)) {
      seen.add(f.code);
      fs.push(f);
    }
  }
  const codes = fs.map((f) => f.code);
  return { factors: fs, key: [...codes].sort().join('\u0000'), name: codes.length === 0 ? 'Intercept' : codes.join(':') };
}

/**
 * The intercept term.
 *
 * @example
 * ```ts
 * INTERCEPT.name; // 'Intercept'
 * ```
 */
export const INTERCEPT: Term = makeTerm([]);

interface Intermediate {
  intercept: boolean;
  interceptOrigin: number;
  interceptRemoved: boolean;
  terms: Term[];
}

function uniq(terms: readonly Term[]): Term[] {
  const seen = new Set<string>();
  const out: Term[] = [];
  for (const t of terms) {
    if (!seen.has(t.key)) {
      seen.add(t.key);
      out.push(t);
    }
  }
  return out;
}

function ie(intercept: boolean, origin: number, removed: boolean, terms: readonly Term[]): Intermediate {
  return { intercept, interceptOrigin: origin, interceptRemoved: removed, terms: uniq(terms) };
}

/** patsy's formula evaluator (desc.py semantics). */
class TermEvaluator {
  constructor(private readonly src: string) {}

  private fail(reason: string, pos: number): never {
    throw new FormulaError(reason, this.src, pos);
  }

  private checkInteractable(e: Intermediate): void {
    if (e.intercept) this.fail('intercept term cannot interact with anything else', e.interceptOrigin);
  }

  private interaction(l: Intermediate, r: Intermediate): Intermediate {
    this.checkInteractable(l);
    this.checkInteractable(r);
    const terms: Term[] = [];
    for (const lt of l.terms) for (const rt of r.terms) terms.push(makeTerm([...lt.factors, ...rt.factors]));
    return ie(false, -1, false, terms);
  }

  eval(node: FormulaNode): Intermediate {
    switch (node.kind) {
      case 'intercept':
        return node.value === 1 ? ie(true, node.pos, false, []) : ie(false, -1, true, []);
      case 'number':
        return this.fail("numbers besides '0' and '1' are only allowed as the exponent of '**'", node.pos);
      case 'factor':
        return ie(false, -1, false, [makeTerm([node])]);
      case 'random':
        return this.fail('random-effects term (expr | group) is only allowed at the top level of a mixed-model formula (use parseMixedFormula)', node.pos);
      case 'unary':
        if (node.op === '+') return this.eval(node.arg);
        if (node.arg.kind === 'intercept') {
          return node.arg.value === 0 ? ie(true, node.pos, false, []) : ie(false, -1, true, []);
        }
        return this.fail('unary minus can only be applied to 1 or 0', node.pos);
      case 'binary':
        return this.binary(node);
    }
  }

  private binary(node: Extract<FormulaNode, { kind: 'binary' }>): Intermediate {
    const { left, right } = node;
    switch (node.op) {
      case '+': {
        const l = this.eval(left);
        if (right.kind === 'intercept' && right.value === 0) return ie(false, -1, true, l.terms);
        const r = this.eval(right);
        if (r.intercept) return ie(true, r.interceptOrigin, false, [...l.terms, ...r.terms]);
        return ie(l.intercept, l.interceptOrigin, l.interceptRemoved, [...l.terms, ...r.terms]);
      }
      case '-': {
        const l = this.eval(left);
        if (right.kind === 'intercept') {
          return right.value === 0 ? ie(true, right.pos, false, l.terms) : ie(false, -1, true, l.terms);
        }
        const r = this.eval(right);
        const drop = new Set(r.terms.map((t) => t.key));
        const terms = l.terms.filter((t) => !drop.has(t.key));
        if (r.intercept) return ie(false, -1, true, terms);
        return ie(l.intercept, l.interceptOrigin, l.interceptRemoved, terms);
      }
      case '*': {
        const l = this.eval(left);
        const r = this.eval(right);
        return ie(false, -1, false, [...l.terms, ...r.terms, ...this.interaction(l, r).terms]);
      }
      case '/': {
        const l = this.eval(left);
        const r = this.eval(right);
        this.checkInteractable(l);
        const combined = ie(false, -1, false, [makeTerm(l.terms.flatMap((t) => t.factors))]);
        return ie(false, -1, false, [...l.terms, ...this.interaction(combined, r).terms]);
      }
      case ':':
        return this.interaction(this.eval(left), this.eval(right));
      case '**': {
        const l = this.eval(left);
        this.checkInteractable(l);
        let power = -1;
        if ((right.kind === 'intercept' || right.kind === 'number') && Number.isInteger(right.kind === 'intercept' ? right.value : right.value)) {
          power = right.kind === 'intercept' ? right.value : right.value;
        }
        if (power < 1) this.fail("'**' requires a positive integer", right.pos);
        let all = l.terms;
        let big = l;
        power = Math.min(l.terms.length, power);
        for (let i = 1; i < power; i++) {
          big = this.interaction(l, big);
          all = [...all, ...big.terms];
        }
        return ie(false, -1, false, all);
      }
    }
  }
}

/**
 * Expands a right-hand side into patsy's term list (intercept first when
 * present), with patsy's rules for `0`, `1`, `-1`, `+0`, `-`, `*`, `/`, `:`,
 * `**`.
 *
 * @example
 * ```ts
 * rhsTerms(parseRhs('a*b - a'), 'a*b - a').map((t) => t.name); // ['Intercept', 'b', 'a:b']
 * ```
 */
export function rhsTerms(rhs: FormulaNode, source: string, implicitIntercept = true): Term[] {
  const e = new TermEvaluator(source).eval(rhs);
  return implicitIntercept && !e.interceptRemoved ? uniq([INTERCEPT, ...e.terms]) : e.intercept ? uniq([INTERCEPT, ...e.terms]) : e.terms;
}

/**
 * patsy's `ModelDesc.from_formula`: the term lists of both sides. Only the
 * right side gets an implicit intercept.
 *
 * @example
 * ```ts
 * termsOf(parseFormula('y ~ x - 1')).rhs.map((t) => t.name); // ['x']
 * ```
 */
export function termsOf(f: Formula): ModelDesc {
  const ev = new TermEvaluator(f.text);
  const lhs = f.lhs ? ev.eval(f.lhs) : null;
  const r = ev.eval(f.rhs);
  return {
    lhs: lhs ? (lhs.intercept ? [INTERCEPT, ...lhs.terms] : lhs.terms) : [],
    rhs: r.interceptRemoved ? r.terms : uniq([INTERCEPT, ...r.terms]),
  };
}
