// Seeded data simulators for the benchmarks (shared with tests through the same seeds).
// Columnar typed arrays, so a 3,000,000-row design costs tens of MB, not gigabytes.

/** mulberry32: a small, fast, seeded 32-bit generator returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller from a uniform generator. */
export function normalGenerator(rng) {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = rng();
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Longitudinal data: `nGroups` groups of `perGroup` rows, y = 1 + 0.5 x + b0 + b1 x + e,
 * x = 0..perGroup-1, (b0, b1) ~ N(0, [[1, 0.3·0.5], [0.3·0.5, 0.25]]), e ~ N(0, 1).
 * Returns {y, x, g} with g an Int32Array of group ids (already sorted).
 */
export function simulateGrouped({ nGroups, perGroup, seed = 1 }) {
  const n = nGroups * perGroup;
  const z = normalGenerator(mulberry32(seed));
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  const g = new Int32Array(n);
  const rho = 0.3;
  for (let i = 0, row = 0; i < nGroups; i++) {
    const u0 = z();
    const u1 = z();
    const b0 = u0;
    const b1 = 0.5 * (rho * u0 + Math.sqrt(1 - rho * rho) * u1);
    for (let j = 0; j < perGroup; j++, row++) {
      x[row] = j;
      g[row] = i;
      y[row] = 1 + 0.5 * j + b0 + b1 * j + z();
    }
  }
  return { y, x, g };
}

/**
 * Crossed design: each row draws a level of factor a (nA levels) and of factor b (nB levels)
 * uniformly; y = 1 + 0.5 x + a + b + e with sd(a) = 0.8, sd(b) = 0.5, sd(e) = 1, x ~ N(0, 1).
 * Returns {y, x, a, b} with Int32Array level codes.
 */
export function simulateCrossed({ n, nA, nB, seed = 1 }) {
  const rng = mulberry32(seed);
  const z = normalGenerator(rng);
  const effA = new Float64Array(nA).map(() => 0.8 * z());
  const effB = new Float64Array(nB).map(() => 0.5 * z());
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ia = Math.floor(rng() * nA);
    const ib = Math.floor(rng() * nB);
    a[i] = ia;
    b[i] = ib;
    x[i] = z();
    y[i] = 1 + 0.5 * x[i] + effA[ia] + effB[ib] + z();
  }
  return { y, x, a, b };
}

/**
 * A fully crossed maximal design (every subject sees every item once): a two-level
 * condition cond = ±0.5 (counterbalanced), correlated intercept and slope per subject
 * and per item: rt = 6 + 0.2·cond + s₀ + s₁·cond + i₀ + i₁·cond + ε.
 * Returns columns y, cond, subj, item (codes).
 */
export function simulateMaximal({ nSubj, nItem, seed = 1 }) {
  const z = normalGenerator(mulberry32(seed));
  const n = nSubj * nItem;
  const corr = (sd0, sd1, rho) => {
    const a = z();
    const b = z();
    return [sd0 * a, sd1 * (rho * a + Math.sqrt(1 - rho * rho) * b)];
  };
  const s = Array.from({ length: nSubj }, () => corr(0.6, 0.25, 0.3));
  const it = Array.from({ length: nItem }, () => corr(0.5, 0.2, -0.4));
  const y = new Float64Array(n);
  const cond = new Float64Array(n);
  const subj = new Int32Array(n);
  const item = new Int32Array(n);
  let r = 0;
  for (let a = 0; a < nSubj; a++)
    for (let b = 0; b < nItem; b++, r++) {
      const c = (a + b) % 2 === 0 ? -0.5 : 0.5;
      subj[r] = a;
      item[r] = b;
      cond[r] = c;
      y[r] = 6 + 0.2 * c + s[a][0] + s[a][1] * c + it[b][0] + it[b][1] * c + 0.7 * z();
    }
  return { y, cond, subj, item };
}
