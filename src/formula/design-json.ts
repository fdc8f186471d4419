/**
 * The JSON form of a {@link DesignInfo}: formula text, factor codings, term
 * layout, column names and the state of stateful transforms — everything
 * `build(newData)` needs, without the training data.
 */
import { InvalidArgumentError } from '../errors.js';
import type { FormulaNode, PyNode } from './ast.js';
import { forEachPyNode, formatNode } from './ast.js';
import type { FactorInfo, SubtermInfo, TermInfo } from './design.js';
import type { TransformState } from './evaluate.js';
import { subtermColumnNames } from './columns.js';
import { parseRhs } from './parser.js';
import { rhsTerms, type Term } from './terms.js';

/** A number that survives JSON: finite as is, else `'NaN'`, `'Infinity'`, `'-Infinity'`. */
type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/**
 * Serialized design coding (`DesignInfo.toJSON()`); plain JSON.
 *
 * @example
 * ```ts
 * const j: DesignInfoJSON = buildDesign('center(x) + C(g)', train).info.toJSON();
 * j.transforms; // [{ call: 'center(x)', mean: 2.5, sd: 1.118 }]
 * ```
 */
export interface DesignInfoJSON {
  format: 'mixedlm-design';
  version: 1;
  /** The right-hand side, printed (re-parsed on load). */
  formula: string;
  /** Factor codings, by factor code. */
  factors: { code: string; kind: 'numeric' | 'categorical'; levels: string[]; reference: number; variable: string | null }[];
  /** Terms in column order; `fullRank` lists `[code, full]` for the subterm's categorical factors. */
  terms: { name: string; factors: string[]; start: number; end: number; subterms: { factors: string[]; fullRank: [string, boolean][]; ncol: number }[] }[];
  columnNames: string[];
  /** State of each `center` / `standardize` / `scale` call, in formula order (`null`: never evaluated). */
  transforms: ({ call: string; mean: JsonNumber; sd: JsonNumber } | null)[];
}

/**
 * The pieces a `DesignInfo` is made of (its constructor arguments).
 *
 * @example
 * ```ts
 * const p: DesignParts = decodeDesignInfo(json);
 * new DesignInfo(p.source, p.rhs, p.termList, p.factors, p.terms, p.columnNames, p.state);
 * ```
 */
export interface DesignParts {
  source: string;
  rhs: FormulaNode;
  termList: readonly Term[];
  factors: ReadonlyMap<string, FactorInfo>;
  terms: readonly TermInfo[];
  columnNames: readonly string[];
  state: TransformState;
}

const STATEFUL = new Set(['center', 'standardize', 'scale']);

/**
 * The stateful-transform calls of a right-hand side in a fixed order
 * (left to right, outer before inner): the key under which their state is
 * saved, independent of source positions.
 *
 * @example
 * ```ts
 * statefulCalls(parseRhs('center(x) + standardize(z)')).map((c) => c.callee); // ['center', 'standardize']
 * ```
 */
export function statefulCalls(rhs: FormulaNode): Extract<PyNode, { kind: 'call' }>[] {
  const out: Extract<PyNode, { kind: 'call' }>[] = [];
  forEachPyNode(rhs, (e) => {
    if (e.kind === 'call' && STATEFUL.has(e.callee)) out.push(e);
    return true;
  });
  return out;
}

const toJsonNumber = (x: number): JsonNumber => (Number.isFinite(x) ? x : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity');

function fromJsonNumber(x: unknown, what: string): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return bad(`${what} is not a number`);
}

function bad(reason: string): never {
  throw new InvalidArgumentError('json', `not a valid saved design: ${reason}`);
}

/**
 * The JSON form of a design's coding (body of `DesignInfo.toJSON`).
 *
 * @example
 * ```ts
 * JSON.stringify(encodeDesignInfo(buildDesign('x + C(g)', t).info));
 * ```
 */
export function encodeDesignInfo(p: DesignParts): DesignInfoJSON {
  const transforms = statefulCalls(p.rhs).map((c) => {
    const st = p.state.get(c.pos);
    return st ? { call: p.source.slice(c.pos, c.end), mean: toJsonNumber(st.mean), sd: toJsonNumber(st.sd) } : null;
  });
  return {
    format: 'mixedlm-design',
    version: 1,
    formula: formatNode(p.rhs),
    factors: [...p.factors.values()].map((f) => ({ code: f.code, kind: f.kind, levels: f.levels.slice(), reference: f.reference, variable: f.variable })),
    terms: p.terms.map((t) => ({
      name: t.name,
      factors: t.factors.slice(),
      start: t.start,
      end: t.end,
      subterms: t.subterms.map((s) => ({ factors: s.factors.slice(), fullRank: [...s.fullRank], ncol: s.ncol })),
    })),
    columnNames: p.columnNames.slice(),
    transforms,
  };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/**
 * Restores a design's coding from its JSON form (body of
 * `DesignInfo.fromJSON`): re-parses the formula, re-attaches the saved
 * factor codings, term layout and transform state, and checks that they are
 * consistent (column names are recomputed and compared). Malformed input or
 * an unknown version throws {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * const parts = decodeDesignInfo(JSON.parse(text));
 * ```
 */
export function decodeDesignInfo(obj: unknown): DesignParts {
  if (!isObj(obj) || obj.format !== 'mixedlm-design') bad("expected an object with format 'mixedlm-design'");
  if (obj.version !== 1) throw new InvalidArgumentError('json', `unsupported saved design version ${JSON.stringify(obj.version)} (this mixedlm reads version 1)`);
  const { formula, factors: fj, terms: tj, columnNames, transforms } = obj;
  if (typeof formula !== 'string') bad('formula must be a string');
  if (!Array.isArray(fj) || !Array.isArray(tj) || !isStrArray(columnNames) || !Array.isArray(transforms)) bad('factors, terms, columnNames and transforms must be arrays');
  const rhs = parseRhs(formula);
  // factors
  const factors = new Map<string, FactorInfo>();
  for (const f of fj as unknown[]) {
    if (!isObj(f) || typeof f.code !== 'string' || (f.kind !== 'numeric' && f.kind !== 'categorical') || !isStrArray(f.levels) || !isInt(f.reference)) bad('malformed factor');
    if (f.variable !== null && typeof f.variable !== 'string') bad(`factor '${f.code}': variable must be a string or null`);
    if (f.kind === 'numeric' && (f.levels.length > 0 || f.reference !== -1)) bad(`factor '${f.code}': a numeric factor has no levels (reference -1)`);
    if (f.kind === 'categorical' && (f.reference < 0 || f.reference >= Math.max(1, f.levels.length))) bad(`factor '${f.code}': reference out of range`);
    factors.set(f.code, { code: f.code, kind: f.kind, levels: f.levels.slice(), reference: f.reference, variable: f.variable });
  }
  // terms, matched to the re-parsed formula's terms by factor set
  const byKey = new Map<string, Term>();
  for (const t of rhsTerms(rhs, formula)) byKey.set(t.key, t);
  const termList: Term[] = [];
  const terms: TermInfo[] = [];
  const names: string[] = [];
  for (const t of tj as unknown[]) {
    if (!isObj(t) || typeof t.name !== 'string' || !isStrArray(t.factors) || !isInt(t.start) || !isInt(t.end) || !Array.isArray(t.subterms)) bad('malformed term');
    const term = byKey.get([...t.factors].sort().join('\u0000'));
    if (term === undefined) bad(`term '${t.name}' is not a term of '${formula}'`);
    for (const c of t.factors) if (!factors.has(c)) bad(`term '${t.name}': unknown factor '${c}'`);
    if (t.start !== names.length) bad(`term '${t.name}' starts at column ${t.start}, expected ${names.length}`);
    const subterms: SubtermInfo[] = [];
    for (const s of t.subterms as unknown[]) {
      if (!isObj(s) || !isStrArray(s.factors) || !isInt(s.ncol) || !Array.isArray(s.fullRank)) bad(`term '${t.name}': malformed subterm`);
      const fullRank = new Map<string, boolean>();
      for (const e of s.fullRank as unknown[]) {
        if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'boolean' || !factors.has(e[0])) bad(`term '${t.name}': malformed fullRank entry`);
        fullRank.set(e[0], e[1]);
      }
      for (const c of s.factors) if (!t.factors.includes(c)) bad(`term '${t.name}': subterm factor '${c}' is not in the term`);
      const cols = subtermColumnNames(s.factors, fullRank, factors);
      if (cols.length !== s.ncol) bad(`term '${t.name}': subterm has ${cols.length} columns, saved ${s.ncol}`);
      for (const c of cols) names.push(c);
      subterms.push({ factors: s.factors.slice(), fullRank, ncol: s.ncol });
    }
    if (t.end !== names.length) bad(`term '${t.name}' ends at column ${t.end}, expected ${names.length}`);
    termList.push(term);
    terms.push({ name: t.name, factors: t.factors.slice(), start: t.start, end: t.end, subterms });
  }
  if (names.length !== columnNames.length || names.some((nm, j) => nm !== columnNames[j])) bad('column names do not match the saved factor codings');
  // transform state, re-keyed to the re-parsed formula's call positions
  const calls = statefulCalls(rhs);
  if (calls.length !== transforms.length) bad(`${transforms.length} transform states for ${calls.length} stateful calls in '${formula}'`);
  const state: TransformState = new Map();
  calls.forEach((c, k) => {
    const st = transforms[k] as unknown;
    if (st === null) return;
    if (!isObj(st)) bad('malformed transform state');
    state.set(c.pos, { mean: fromJsonNumber(st.mean, 'transform mean'), sd: fromJsonNumber(st.sd, 'transform sd') });
  });
  return { source: formula, rhs, termList, factors, terms, columnNames: columnNames.slice(), state };
}
