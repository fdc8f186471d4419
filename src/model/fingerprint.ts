/**
 * A fingerprint of the data a model was fitted to: rows, the columns used and
 * a fast non-cryptographic hash (two FNV-1a streams over the 32-bit words of
 * the float64 values and the UTF-16 code units of the labels). Saved with a
 * fit so that `compare` and `predict` can tell when the data file changed.
 */
import { CsrMatrix } from '../sparse/csr.js';
import type { MixedLM } from './mixedlm.js';

/**
 * Rows, columns and hash of a model's data.
 *
 * @example
 * ```ts
 * const f: DataFingerprint = { rows: 180, columns: ['Reaction', 'Intercept', 'Days', 'Subject'], hash: '9c1e…' };
 * ```
 */
export interface DataFingerprint {
  rows: number;
  columns: string[];
  /** 16 hex digits */
  hash: string;
}

/** Two 32-bit FNV-1a states (different offset bases), fed 32-bit words. */
class Fnv {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;
  private readonly f = new Float64Array(1);
  private readonly w = new Uint32Array(this.f.buffer);
  word(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193) >>> 0;
    this.b = Math.imul(this.b ^ x, 0x01000193) >>> 0;
    this.b = (this.b ^ (this.b >>> 15)) >>> 0;
  }
  float(x: number): void {
    this.f[0] = x === 0 ? 0 : x; // −0 → +0
    this.word(this.w[0]!);
    this.word(this.w[1]!);
  }
  floats(a: ArrayLike<number>): void {
    this.word(a.length);
    if (!(a instanceof Float64Array)) {
      for (let i = 0; i < a.length; i++) this.float(a[i]!);
      return;
    }
    // the same words as float() per value, read straight from the storage (−0 → +0)
    const u = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
    let x = this.a;
    let y = this.b;
    for (let i = 0; i < u.length; i += 2) {
      const lo = u[i]!;
      let hi = u[i + 1]!;
      if (lo === 0 && hi === 0x80000000) hi = 0;
      x = Math.imul(x ^ lo, 0x01000193) >>> 0;
      y = Math.imul(y ^ lo, 0x01000193) >>> 0;
      y = (y ^ (y >>> 15)) >>> 0;
      x = Math.imul(x ^ hi, 0x01000193) >>> 0;
      y = Math.imul(y ^ hi, 0x01000193) >>> 0;
      y = (y ^ (y >>> 15)) >>> 0;
    }
    this.a = x;
    this.b = y;
  }
  text(s: string): void {
    this.word(s.length | 0x80000000);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }
  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}

/**
 * The fingerprint of the data a model holds (response, fixed-effects design,
 * group labels, random-effects design and variance-component matrices), named
 * by the response, the fixed-effects columns and the grouping columns.
 *
 * @example
 * ```ts
 * dataFingerprint(MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', sleep)).rows; // 180
 * ```
 */
export function dataFingerprint(model: MixedLM): DataFingerprint {
  const h = new Fnv();
  const d = model.data;
  h.floats(d.y);
  h.word(d.p);
  h.floats(d.X);
  h.word(d.kRe);
  if (d.Zre) h.floats(d.Zre);
  for (const g of d.groupLabels) h.text(typeof g === 'number' ? `#${g}` : g);
  for (let i = 0; i < d.groupOf.length; i++) h.word(d.groupOf[i]!);
  const vc = model.exogVc;
  vc.names.forEach((name, k) => {
    h.text(name);
    vc.mats[k]!.forEach((m, g) => {
      for (const c of vc.colnames[k]?.[g] ?? []) h.text(c);
      if (m instanceof CsrMatrix) {
        h.word(m.ncol);
        for (let i = 0; i < m.rowPtr.length; i++) h.word(m.rowPtr[i]!);
        for (let i = 0; i < m.colIdx.length; i++) h.word(m.colIdx[i]!);
        h.floats(m.values);
      } else for (const row of m) h.floats(row);
    });
  });
  const grouping = new Set<string>();
  const info = model.formula;
  if (info) {
    if (info.groups) grouping.add(info.groups);
    for (const t of info.random) for (const c of t.grouping) grouping.add(c);
  }
  return { rows: d.n, columns: [model.endogName, ...model.exogNames, ...grouping], hash: h.hex() };
}
