import { describe, expect, it } from 'vitest';
import { crossProductsInMemory } from '../../src/engines/memory.js';
import { buildDesign } from '../../src/formula/design.js';
import { Table } from '../../src/data/table.js';
import { DataError, FormulaError } from '../../src/errors.js';
import type { CrossProducts } from '../../src/engines/cross-products.js';

/** Small seeded data: y, x, w numeric; g (strings), h (numbers, natural order 2 < 10), f fixed factor, a/b nested. */
function data(n = 60): Table {
  let s = 12345;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const y: number[] = [], x: number[] = [], w: number[] = [], g: string[] = [], h: number[] = [], f: string[] = [], a: string[] = [], b: string[] = [];
  for (let i = 0; i < n; i++) {
    x.push(Math.round(rnd() * 100) / 10);
    w.push(rnd() - 0.5);
    g.push(['g1', 'g2', 'g3', 'g4', 'g5'][Math.floor(rnd() * 5)]!);
    h.push([2, 10, 7][i % 3]!);
    f.push(['lo', 'mid', 'hi'][Math.floor(rnd() * 3)]!);
    a.push(['A', 'B', 'C'][i % 3]!);
    b.push(['p', 'q'][Math.floor(rnd() * 2)]!);
    y.push(1 + 2 * x[i]! + rnd() * 3);
  }
  return Table.fromColumns({ y, x, w, g, h, f, a, b });
}

interface DenseTerm { cols: (i: number) => number[]; key: (i: number) => string; levels: string[] }

/** Z built densely from explicit per-term columns and level lists (level-major). */
function denseZ(n: number, terms: DenseTerm[]): { Z: number[][]; L: number[][] } {
  const Z: number[][] = Array.from({ length: n }, () => []);
  const L: number[][] = Array.from({ length: n }, () => []);
  for (const t of terms) {
    const k = t.cols(0).length;
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(t.levels.length * k).fill(0);
      const j = t.levels.indexOf(t.key(i));
      expect(j).toBeGreaterThanOrEqual(0);
      const ind = new Array<number>(t.levels.length * k).fill(0);
      t.cols(i).forEach((v, c) => ((row[j * k + c] = v), (ind[j * k + c] = 1)));
      Z[i]!.push(...row);
      L[i]!.push(...ind);
    }
  }
  return { Z, L };
}

function compare(cp: CrossProducts, t: Table, X: number[][], dz: { Z: number[][]; L: number[][] }, yName: string): void {
  const { Z, L } = dz;
  const n = t.nrow;
  // the y-sums are of y − c, c the mean to 3 digits, absorbed by the all-ones column named in yOffset
  const raw = t.column(yName).values as Float64Array;
  const mean = raw.reduce((s, v) => s + v, 0) / n;
  expect(cp.yOffset).toEqual({ value: Number(mean.toPrecision(3)), intercept: 0 });
  expect(X.every((r) => r[cp.yOffset!.intercept] === 1)).toBe(true);
  const y = Float64Array.from(raw, (v) => v - cp.yOffset!.value);
  const q = Z[0]!.length;
  const p = X[0]!.length;
  expect(cp.n).toBe(n);
  expect(cp.ZtZ.nrow).toBe(q);
  const tol = 1e-12; // relative to the largest entry of each product
  const close = (got: number, want: number, scale: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(1, scale));
  let sc = 0;
  const ztz: number[][] = [];
  for (let r = 0; r < q; r++) {
    ztz.push([]);
    for (let c = 0; c < q; c++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += Z[i]![r]! * Z[i]![c]!;
      ztz[r]!.push(v);
      sc = Math.max(sc, Math.abs(v));
    }
  }
  for (let r = 0; r < q; r++) for (let c = 0; c < q; c++) close(cp.ZtZ.get(r, c), ztz[r]![c]!, sc);
  // stored pattern = the level pairs that occur in some row (zeros included)
  let nnz = 0;
  for (let r = 0; r < q; r++) for (let c = 0; c < q; c++) if (L.some((l) => l[r] === 1 && l[c] === 1)) nnz++;
  expect(cp.ZtZ.nnz).toBe(nnz);
  for (let r = 0; r < q; r++) {
    let zy = 0;
    for (let i = 0; i < n; i++) zy += Z[i]![r]! * y[i]!;
    close(cp.Zty[r]!, zy, Math.abs(zy));
    for (let c = 0; c < p; c++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += Z[i]![r]! * X[i]![c]!;
      close(cp.ZtX[r * p + c]!, v, Math.abs(v));
    }
  }
  for (let a = 0; a < p; a++) {
    let xy = 0;
    for (let i = 0; i < n; i++) xy += X[i]![a]! * y[i]!;
    close(cp.Xty[a]!, xy, Math.abs(xy));
    for (let b = 0; b < p; b++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += X[i]![a]! * X[i]![b]!;
      close(cp.XtX[a * p + b]!, v, Math.abs(v));
    }
  }
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i]! ** 2;
  close(cp.yty, yy, yy);
}

const col = (t: Table, name: string): (i: number) => number => {
  const v = t.column(name).values as Float64Array;
  return (i) => v[i]!;
};
const lab = (t: Table, ...names: string[]): (i: number) => string => (i) => names.map((nm) => String(t.column(nm).values[i])).join(':');

describe('crossProductsInMemory against an explicit dense Z', () => {
  const t = data();
  const n = t.nrow;
  const x = col(t, 'x');
  const w = col(t, 'w');
  const G = ['g1', 'g2', 'g3', 'g4', 'g5'];
  const ones = (i: number): number[] => (void i, [1]);
  const Xof = (rhs: string): number[][] => {
    const d = buildDesign(rhs, t);
    return Array.from({ length: n }, (_, i) => Array.from(d.matrix.subarray(i * d.ncol, (i + 1) * d.ncol)));
  };

  it('(1 + x | g): correlated, k = 2', () => {
    const cp = crossProductsInMemory('y ~ x + (1 + x | g)', t);
    expect(cp.feNames).toEqual(['Intercept', 'x']);
    expect(cp.terms).toEqual([{ label: '(1 + x | g)', group: 'g', columns: ['(Intercept)', 'x'], levels: G }]);
    compare(cp, t, Xof('x'), denseZ(n, [{ cols: (i) => [1, x(i)], key: lab(t, 'g'), levels: G }]), 'y');
  });

  it('(x || g) + (1 | h): scalar terms, numeric grouping in natural order, a factor fixed effect', () => {
    const cp = crossProductsInMemory('y ~ C(f) + x:w + (x || g) + (1 | h)', t);
    expect(cp.feNames).toEqual(['Intercept', 'C(f)[T.lo]', 'C(f)[T.mid]', 'x:w']);
    expect(cp.terms.map((tm) => tm.label)).toEqual(['(1 | g)', '(0 + x | g)', '(1 | h)']);
    expect(cp.terms[2]!.levels).toEqual(['2', '7', '10']);
    const Z = denseZ(n, [
      { cols: ones, key: lab(t, 'g'), levels: G },
      { cols: (i) => [x(i)], key: lab(t, 'g'), levels: G },
      { cols: ones, key: lab(t, 'h'), levels: ['2', '7', '10'] },
    ]);
    compare(cp, t, Xof('C(f) + x:w'), Z, 'y');
  });

  it('(1 | a/b): nesting expands to a and b:a (levels A:p, … as fromFormula orders them)', () => {
    const cp = crossProductsInMemory('y ~ 1 + (1 | a/b)', t);
    expect(cp.terms.map((tm) => tm.group)).toEqual(['a', 'b:a']); // lme4's name for the nested term
    const AB = ['A:p', 'A:q', 'B:p', 'B:q', 'C:p', 'C:q'];
    expect(cp.terms[1]!.levels).toEqual(AB);
    compare(cp, t, Xof('1'), denseZ(n, [{ cols: ones, key: lab(t, 'a'), levels: ['A', 'B', 'C'] }, { cols: ones, key: lab(t, 'a', 'b'), levels: AB }]), 'y');
  });

  it('a correlated categorical term (0 + f | g) crossed with (w | a:b)', () => {
    const cp = crossProductsInMemory('y ~ w + (0 + f | g) + (w | a:b)', t);
    expect(cp.terms[0]!.columns).toEqual(['f[hi]', 'f[lo]', 'f[mid]']);
    const f = (i: number): number[] => ['hi', 'lo', 'mid'].map((l) => (t.column('f').values[i] === l ? 1 : 0));
    const AB = ['A:p', 'A:q', 'B:p', 'B:q', 'C:p', 'C:q'];
    compare(cp, t, Xof('w'), denseZ(n, [{ cols: f, key: lab(t, 'g'), levels: G }, { cols: (i) => [1, w(i)], key: lab(t, 'a', 'b'), levels: AB }]), 'y');
  });

  it('drops rows with a missing formula variable and counts them; raise names the column', () => {
    const y = Float64Array.from(t.column('y').values as Float64Array);
    y[3] = NaN;
    const g = (t.column('g').values as (string | null)[]).slice();
    g[7] = null;
    const t2 = Table.fromColumns({ y, x: t.column('x').values as Float64Array, g });
    const cp = crossProductsInMemory('y ~ x + (1 | g)', t2);
    expect(cp.n).toBe(n - 2);
    expect(cp.nDropped).toBe(2);
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i !== 3 && i !== 7);
    const ref = crossProductsInMemory('y ~ x + (1 | g)', t2.take(keep));
    expect(Array.from(cp.Zty)).toEqual(Array.from(ref.Zty));
    expect(() => crossProductsInMemory('y ~ x + (1 | g)', t2, { missing: 'raise' })).toThrow(DataError);
    try {
      crossProductsInMemory('y ~ x + (1 | g)', t2, { missing: 'raise' });
    } catch (e) {
      expect((e as DataError).column).toBe('y');
      expect((e as DataError).row).toBe(3);
    }
  });

  it('a formula without random terms or with a categorical response is a typed error', () => {
    expect(() => crossProductsInMemory('y ~ x', t)).toThrow(FormulaError);
    expect(() => crossProductsInMemory('g ~ x + (1 | a)', t)).toThrow(DataError);
  });
});
