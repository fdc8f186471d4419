import { FormulaError, InvalidArgumentError } from '../errors.js';

/**
 * Token kinds of the formula/Python-expression lexer.
 *
 * @example
 * ```ts
 * tokenize('x')[0]!.type; // 'name'
 * ```
 */
export type TokenType = 'name' | 'number' | 'string' | 'op' | 'eof';

/**
 * One token with its 0-based source span `[pos, end)`.
 *
 * @example
 * ```ts
 * tokenize('y ~ x')[1]; // { type: 'op', text: '~', pos: 2, end: 3 }
 * ```
 */
export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly pos: number;
  readonly end: number;
}

// longest first
const OPS = ['**', '||', '==', '!=', '<=', '>=', '//', '~', '+', '-', '*', '/', ':', '(', ')', '[', ']', ',', '=', '|', '.', '<', '>', '%', '^'];

const NAME_START = /[\p{L}_]/u;
// R's names may contain dots (`Days.2`, `log.rt`); Python's attribute access (`np.log`) reads the same
const NAME_PART = /[\p{L}\p{N}_.]/u;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * Splits a formula into tokens: names, numbers, quoted strings (kept with their
 * quotes) and operators. Throws {@link FormulaError} on an unknown character or
 * an unterminated string.
 *
 * @example
 * ```ts
 * tokenize('C(g, Treatment("b"))').map((t) => t.text);
 * // ['C', '(', 'g', ',', 'Treatment', '(', '"b"', ')', ')', '']
 * ```
 */
export function tokenize(formula: string): Token[] {
  if (typeof formula !== 'string') throw new InvalidArgumentError('formula', `expected a formula string, got ${formula === null ? 'null' : typeof formula}`);
  const out: Token[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(formula[j]!)) j++;
      // a trailing dot is an operator (`y ~ x.` is not a name ending in '.')
      while (j > i + 1 && formula[j - 1] === '.') j--;
      out.push({ type: 'name', text: formula.slice(i, j), pos: i, end: j });
      i = j;
      continue;
    }
    if (ch === '`') {
      // R's non-syntactic name: `Subject id` (kept with its backticks; the parser strips them)
      const j = formula.indexOf('`', i + 1);
      if (j < 0) throw new FormulaError('unterminated backtick-quoted name', formula, i);
      if (j === i + 1) throw new FormulaError('empty backtick-quoted name', formula, i);
      out.push({ type: 'name', text: formula.slice(i, j + 1), pos: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const num = NUMBER.exec(formula.slice(i, i + 64));
    if (num && (ch !== '.' || /\d/.test(formula[i + 1] ?? ''))) {
      out.push({ type: 'number', text: num[0], pos: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && formula[j] !== ch) j += formula[j] === '\\' ? 2 : 1;
      if (j >= n) throw new FormulaError('unterminated string', formula, i);
      out.push({ type: 'string', text: formula.slice(i, j + 1), pos: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => formula.startsWith(o, i));
    if (op === undefined) throw new FormulaError(`unexpected character '${ch}'`, formula, i);
    out.push({ type: 'op', text: op, pos: i, end: i + op.length });
    i += op.length;
  }
  out.push({ type: 'eof', text: '', pos: n, end: n });
  return out;
}

const SPACE_BOTH = new Set(['+', '-', '*', '/', '%', '&', '^', '|', '<', '>', '==', '<>', '!=', '<=', '>=', '<<', '>>', '**', '//']);
const SPACE_BEFORE = new Set([...SPACE_BOTH, '!', '~']);
const SPACE_AFTER = new Set([...SPACE_BOTH, ',', ':']);

/**
 * Renders Python-expression tokens with patsy's canonical spacing
 * (`normalize_token_spacing`): spaces around binary operators and after
 * commas, none inside brackets or around keyword `=`, unary minus attached.
 * This is how factor names such as `I(x ** 2)` are spelled.
 *
 * @example
 * ```ts
 * normalizeTokens(tokenize('I(x**2)').slice(0, -1)); // 'I(x ** 2)'
 * ```
 */
export function normalizeTokens(tokens: readonly Token[]): string {
  const text: string[] = [];
  let prevWasSpaceDelim = false;
  let prevWantsSpace = false;
  let prevWasOpenParenOrComma = false;
  let prevWasObjectLike = false;
  const brackets: string[] = [];
  for (const tok of tokens) {
    if (tok.type === 'eof') continue;
    const t = tok.text;
    if (tok.type !== 'op') {
      if (prevWantsSpace || prevWasSpaceDelim) text.push(' ');
      text.push(t);
      prevWantsSpace = false;
      prevWasSpaceDelim = true;
    } else {
      if (t === '(' || t === '[' || t === '{') brackets.push(t);
      else if (brackets.length > 0 && (t === ')' || t === ']' || t === '}')) brackets.pop();
      let before = SPACE_BEFORE.has(t);
      let after = SPACE_AFTER.has(t);
      if (t === ':' && brackets.length > 0 && brackets[brackets.length - 1] === '[') after = false;
      if ((t === '*' || t === '**') && prevWasOpenParenOrComma) {
        before = false;
        after = false;
      }
      if (t === '=' && brackets.length === 0) {
        before = true;
        after = true;
      }
      if ((t === '+' || t === '-') && !prevWasObjectLike) {
        before = false;
        after = false;
      }
      if (prevWantsSpace || before) text.push(' ');
      text.push(t);
      prevWantsSpace = after;
      prevWasSpaceDelim = false;
    }
    prevWasObjectLike = tok.type !== 'op' || t === ')';
    prevWasOpenParenOrComma = t === '(' || t === ',';
  }
  return text.join('');
}
