/**
 * Dense oracles for fill: symbolic elimination on a boolean matrix, and small
 * pattern builders for random-effects designs (M = I + ZᵀZ, pattern only).
 *
 * @example
 * ```ts
 * const { nnzL, flops } = denseFill(A, perm);
 * ```
 */
import { CscMatrix } from '../../src/sparse/csc.js';

/**
 * nnz(L) and Σ colcount² of P·A·Pᵀ by dense symbolic elimination (O(n³)).
 * `denseFrom`: columns k ≥ denseFrom are treated as a full lower triangle.
 */
export function denseFill(A: CscMatrix, perm: Int32Array, denseFrom = A.ncol): { nnzL: number; flops: number } {
  const n = A.ncol;
  const pinv = new Int32Array(n);
  perm.forEach((i, k) => (pinv[i] = k));
  const G = Array.from({ length: n }, () => new Uint8Array(n));
  for (let j = 0; j < n; j++) {
    for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) {
      const a = pinv[A.rowIdx[p]!]!, b = pinv[j]!;
      G[a]![b] = 1;
      G[b]![a] = 1;
    }
  }
  for (let a = denseFrom; a < n; a++) for (let b = denseFrom; b < n; b++) G[a]![b] = 1;
  let nnzL = 0;
  let flops = 0;
  for (let k = 0; k < n; k++) {
    const nb: number[] = [];
    for (let i = k + 1; i < n; i++) if (G[i]![k]) nb.push(i);
    nnzL += nb.length + 1;
    flops += (nb.length + 1) ** 2;
    for (const a of nb) for (const b of nb) G[a]![b] = 1;
  }
  return { nnzL, flops };
}

/**
 * Pattern of M = I + ZᵀZ (both triangles, unit values) for Z = [Z₁ | … ]:
 * `codes[t][r]` is the level of term t in row r, `levels[t]` its level count,
 * `widths[t]` (default 1) its columns per level (e.g. 2 for `(1 + x | g)`).
 */
export function designPattern(codes: ArrayLike<number>[], levels: number[], widths: number[] = []): CscMatrix {
  const offs: number[] = [];
  let q = 0;
  levels.forEach((l, t) => {
    offs.push(q);
    q += l * (widths[t] ?? 1);
  });
  const cols: Set<number>[] = Array.from({ length: q }, (_, j) => new Set([j]));
  const nobs = codes[0]?.length ?? 0;
  for (let r = 0; r < nobs; r++) {
    const c: number[] = [];
    codes.forEach((cd, t) => {
      const w = widths[t] ?? 1;
      for (let a = 0; a < w; a++) c.push(offs[t]! + cd[r]! * w + a);
    });
    for (const a of c) for (const b of c) cols[b]!.add(a);
  }
  const colPtr = new Int32Array(q + 1);
  const rows: number[] = [];
  for (let j = 0; j < q; j++) {
    rows.push(...[...cols[j]!].sort((x, y) => x - y));
    colPtr[j + 1] = rows.length;
  }
  return new CscMatrix(q, q, colPtr, Int32Array.from(rows), new Float64Array(rows.length).fill(1));
}

/**
 * Students × teachers-within-schools rows: each student has a home school and
 * sees 1–4 distinct teachers, each from the home school with probability
 * `pHome`, else from any school. Returns level codes [student, teacher, school].
 */
export function nestedDesign(
  rng: () => number,
  o: { students: number; teachers: number; schools: number; pHome: number },
): { codes: Int32Array[]; levels: number[] } {
  const school = new Int32Array(o.teachers);
  for (let t = 0; t < o.teachers; t++) school[t] = t % o.schools;
  const bySchool: number[][] = Array.from({ length: o.schools }, () => []);
  for (let t = 0; t < o.teachers; t++) bySchool[school[t]!]!.push(t);
  const s: number[] = [], tc: number[] = [], sc: number[] = [];
  for (let st = 0; st < o.students; st++) {
    const home = Math.floor(rng() * o.schools);
    const m = 1 + Math.floor(rng() * 4);
    const seen = new Set<number>();
    for (let a = 0; a < m; a++) {
      const pool = rng() < o.pHome ? bySchool[home]! : bySchool[Math.floor(rng() * o.schools)]!;
      const t = pool[Math.floor(rng() * pool.length)]!;
      if (seen.has(t)) continue;
      seen.add(t);
      s.push(st);
      tc.push(t);
      sc.push(school[t]!);
    }
  }
  return { codes: [Int32Array.from(s), Int32Array.from(tc), Int32Array.from(sc)], levels: [o.students, o.teachers, o.schools] };
}

/** Fully crossed rows: each of `students` rates `per` distinct items out of `items`. */
export function crossedRatings(rng: () => number, students: number, items: number, per: number): { codes: Int32Array[]; levels: number[] } {
  const s: number[] = [], it: number[] = [];
  for (let st = 0; st < students; st++) {
    const seen = new Set<number>();
    while (seen.size < per) seen.add(Math.floor(rng() * items));
    for (const t of seen) {
      s.push(st);
      it.push(t);
    }
  }
  return { codes: [Int32Array.from(s), Int32Array.from(it)], levels: [students, items] };
}
