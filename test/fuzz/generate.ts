/** Deterministic fuzz inputs from the project's seeded PRNG (mulberry32): formulas, CSV text, saved-fit mutations, option objects. */
import { mulberry32 } from '../../src/model/inference/simulate.js';

/** A seeded generator with the few draws the corpus needs. */
export class Draw {
  private readonly u: () => number;
  constructor(seed: number) {
    this.u = mulberry32(seed);
  }
  float(): number {
    return this.u();
  }
  int(n: number): number {
    return Math.floor(this.u() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.u() < p;
  }
}

const FACTORS = ['x', 'z', 'g', 'h', 'Days.2', '`Subject id`', '`y`', 'nope', 'C(g)', 'C(h, Treatment("b"))', 'C(h, Treatment(reference="zz"))', 'I(x**2)', 'I(x^2)', 'log(x)', 'np.log(x)', 'log(z)', 'sqrt(z)', 'center(x)', 'standardize(x)', 'Q("Subject id")', 'I(x/0)', 'I(1e300*x*x)', 'exp(x*100)', 'C(x)', '1', '0', '-1', 'pi', 'y'];
const RESPONSES = ['y', 'log(y)', 'I(y*2)', '`y`', 'g', 'z', 'I(y*0)', 'C(g)', 'x + y', ''];
const RE_EXPR = ['1', 'x', '0 + x', '1 + x', 'z', 'C(h)', '0', 'nope'];
const GROUPINGS = ['g', 'h', '`Subject id`', 'g:h', 'g/h', 'x', 'nope', 'h:g', 'C(g)'];
const MUTATION_CHARS = ['(', ')', '|', '~', '+', '*', ':', '^', '`', '"', "'", '\\', '-', '/', '.', ',', '=', '[', ']', ' ', '\n', '\u00e9', '\u0000', '1e999', '||', '**'];

const GOOD_FACTORS = ['x', 'z', 'C(h)', 'Days.2', 'center(x)', 'I(x**2)', 'log(x)', 'standardize(z)', '`Days.2`'];
const GOOD_GROUPINGS = ['g', '`Subject id`', 'g', 'h'];

/** A random formula from a small grammar (mostly well-formed), sometimes mutated character by character. */
export function formula(d: Draw): string {
  const terms: string[] = [];
  const nt = 1 + d.int(3);
  const factor = (): string => (d.chance(0.7) ? d.pick(GOOD_FACTORS) : d.pick(FACTORS));
  for (let k = 0; k < nt; k++) {
    let t = factor();
    if (d.chance(0.2)) t += `${d.pick([':', '*', '/', ' ** '])}${factor()}`;
    terms.push(t);
  }
  const nr = d.chance(0.8) ? 1 + d.int(2) : 0;
  for (let k = 0; k < nr; k++) terms.push(`(${d.chance(0.6) ? d.pick(['1', 'x', '1 + z']) : d.pick(RE_EXPR)} ${d.chance(0.85) ? '|' : '||'} ${d.chance(0.7) ? d.pick(GOOD_GROUPINGS) : d.pick(GROUPINGS)})`);
  let f = `${d.chance(0.7) ? 'y' : d.pick(RESPONSES)} ~ ${terms.join(d.chance(0.8) ? ' + ' : d.pick([' - ', ' ']))}`;
  const nm = d.chance(0.3) ? 1 + d.int(3) : 0;
  for (let k = 0; k < nm; k++) {
    const i = d.int(f.length + 1);
    const op = d.int(3);
    if (op === 0) f = f.slice(0, i) + d.pick(MUTATION_CHARS) + f.slice(i);
    else if (op === 1) f = f.slice(0, i) + f.slice(i + 1 + d.int(3));
    else f = f.slice(0, i) + f.slice(i, i + 1 + d.int(6)).repeat(2) + f.slice(i + 1 + d.int(6));
  }
  return f;
}

/** The base data: 36 rows, 6 groups g, 3 groups h, numeric x, z (with 0 and negatives), Days.2, `Subject id`. */
export function baseData(): Record<string, unknown[]> {
  const d = new Draw(7);
  const y: number[] = [];
  const x: number[] = [];
  const z: number[] = [];
  const g: string[] = [];
  const h: string[] = [];
  for (let i = 0; i < 36; i++) {
    const gi = i % 6;
    g.push(`g${gi}`);
    h.push(['a', 'b', 'c'][Math.floor(i / 2) % 3]!);
    x.push((i % 5) + d.float());
    z.push(((i % 7) - 2) * 0.5);
    y.push(10 + gi * 0.7 + 0.5 * x[i]! + d.float() * 2);
  }
  return { y, x, z, g, h, 'Days.2': x.map((v) => v * 2), 'Subject id': g.map((s) => `S ${s}`) };
}

/** The base data as CSV text. */
export function baseCsv(): string {
  const b = baseData();
  const names = Object.keys(b);
  const lines = [names.map((n) => (n.includes(' ') ? `"${n}"` : n)).join(',')];
  for (let i = 0; i < 36; i++) lines.push(names.map((n) => String(b[n]![i])).join(','));
  return `${lines.join('\n')}\n`;
}

const CSV_INSERTS = ['"', ',', '\n', '\r\n', ' ', 'NA', 'Inf', '-Inf', '1e400', '2e200', 'NaN', '\t', ';', '\uFEFF', '\u00e9', '\u0000', '#', '""', ',,', '-', '1,2,3,4,5,6,7,8,9', 'y', 'g'];

/** The base CSV with 1–4 random byte-level edits (inserts, deletions, truncation, duplicated or emptied lines). */
export function csv(d: Draw, base: string): string {
  let s = base;
  const n = 1 + d.int(4);
  for (let k = 0; k < n; k++) {
    const op = d.int(6);
    const i = d.int(s.length + 1);
    if (op === 0 || op === 1) s = s.slice(0, i) + d.pick(CSV_INSERTS) + s.slice(i);
    else if (op === 2) s = s.slice(0, i) + s.slice(i + 1 + d.int(20));
    else if (op === 3) s = s.slice(0, i);
    else if (op === 4) {
      const lines = s.split('\n');
      const j = d.int(lines.length);
      lines.splice(j, 0, lines[d.int(lines.length)]!);
      s = lines.join('\n');
    } else {
      const lines = s.split('\n');
      lines[d.int(lines.length)] = d.pick(['', ',,,,,,', 'NA,NA,NA,NA,NA,NA,NA', '1']);
      s = lines.join('\n');
    }
  }
  return s;
}

/** Every path (keys and indices) to a value inside `x`. */
export function paths(x: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof x !== 'object' || x === null) return out;
  const entries: Array<[string | number, unknown]> = Array.isArray(x) ? x.map((v, i) => [i, v]) : Object.entries(x);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

const JUNK: unknown[] = [null, 'str', '', -1, 0, 1.5, 1e308, -1e308, NaN, Infinity, true, [], {}, [1, 2], { a: 1 }, ['x'], '12'];

/** A deep copy of `json` with 1–3 values at random paths deleted, replaced by junk, truncated or duplicated. */
export function mutateJson(d: Draw, json: unknown): unknown {
  const x = structuredClone(json) as Record<string, unknown>;
  const n = 1 + d.int(3);
  for (let k = 0; k < n; k++) {
    const all = paths(x);
    if (all.length === 0) break;
    const p = d.pick(all);
    let parent: any = x;
    for (const key of p.slice(0, -1)) parent = parent[key];
    const last = p[p.length - 1]!;
    const op = d.int(4);
    if (op === 0) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (op === 1 || op === 2) parent[last] = structuredClone(d.pick(JUNK));
    else if (Array.isArray(parent[last])) (parent[last] as unknown[]).push(structuredClone((parent[last] as unknown[])[0] ?? 1));
    else parent[last] = [parent[last]];
  }
  return x;
}

export const OPTION_VALUES: unknown[] = [true, false, 'no', '', 0, -1, 1, 2, 1.5, NaN, Infinity, null, undefined, [], {}, ['bfgs'], ['nope'], 'nm', 'lbfgs', 'bfgs', 'wald', 'profile', 'bootstrap', 0.9, 0.05, '0.9', 'g', 'x', 'nope', 'drop', 'none', 'raise', 'dense', 'sparse', 'population', 'error', [0.1, 0.2], [Number.NaN], () => true];

/** An options object with 0–3 keys from `keys` (plus sometimes an unknown key), values from OPTION_VALUES. */
export function options(d: Draw, keys: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = d.int(4);
  for (let k = 0; k < n; k++) o[d.chance(0.1) ? d.pick(['rml', 'Method', 'level ', 'groupz']) : d.pick(keys)] = d.pick(OPTION_VALUES);
  return o;
}
