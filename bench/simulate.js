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
 * Partially nested students × teachers-within-schools design (the shape of the published
 * study in issue 10: 24,578 rows, 10,732 students, 1,374 teachers, 80 schools). Every teacher
 * belongs to one school; every student has a home school and is seen by 1–4 distinct teachers,
 * each from the home school with probability `pHome`, else from any school. Every level occurs;
 * the row count is exact. y = 1 + 0.5 x + u_id + u_tch + u_sch + e with sd 0.8, 0.5, 0.3, 1.
 * Returns {y, x, id, tch, sch} (Int32Array level codes; sch is the teacher's school).
 */
export function simulateNested({ rows = 24578, students = 10732, teachers = 1374, schools = 80, pHome = 0.9, seed = 1 } = {}) {
  const rng = mulberry32(seed);
  const z = normalGenerator(rng);
  const pick = (m) => Math.min(m - 1, Math.floor(rng() * m));
  // teachers → schools (every school gets one, the rest uniformly)
  const school = new Int32Array(teachers);
  for (let t = 0; t < teachers; t++) school[t] = t < schools ? t : pick(schools);
  const bySchool = Array.from({ length: schools }, () => []);
  for (let t = 0; t < teachers; t++) bySchool[school[t]].push(t);
  // teachers per student: 1–4 with probabilities .3 .3 .2 .2, then adjusted to the exact row count
  const m = new Int32Array(students);
  let total = 0;
  for (let s = 0; s < students; s++) {
    const u = rng();
    m[s] = u < 0.3 ? 1 : u < 0.6 ? 2 : u < 0.8 ? 3 : 4;
    total += m[s];
  }
  if (rows < students || rows > 4 * students) throw new RangeError(`rows must be in [students, 4·students], got ${rows}`);
  while (total > rows) {
    const s = pick(students);
    if (m[s] > 1) m[s]--, total--;
  }
  while (total < rows) {
    const s = pick(students);
    if (m[s] < 4) m[s]++, total++;
  }
  const id = new Int32Array(rows);
  const tch = new Int32Array(rows);
  const used = new Int32Array(teachers);
  let r = 0;
  for (let s = 0; s < students; s++) {
    const home = school[pick(teachers)]; // home school ∝ its teachers
    const first = r;
    for (let a = 0; a < m[s]; a++) {
      let t;
      for (let tries = 0; ; tries++) {
        const pool = rng() < pHome && tries < 20 ? bySchool[home] : null;
        t = pool ? pool[pick(pool.length)] : pick(teachers);
        let dup = false;
        for (let b = first; b < r; b++) if (tch[b] === t) dup = true;
        if (!dup) break;
      }
      id[r] = s;
      tch[r] = t;
      used[t]++;
      r++;
    }
  }
  // every teacher occurs: move a row of a teacher with several rows to each unused one
  for (let t = 0; t < teachers; t++) {
    while (used[t] === 0) {
      const b = pick(rows);
      if (used[tch[b]] < 2) continue;
      let dup = false;
      for (let c = b - 3; c <= b + 3; c++) if (c >= 0 && c < rows && id[c] === id[b] && tch[c] === t) dup = true;
      if (dup) continue;
      used[tch[b]]--;
      tch[b] = t;
      used[t]++;
    }
  }
  const sch = new Int32Array(rows);
  for (let i = 0; i < rows; i++) sch[i] = school[tch[i]];
  const uId = Float64Array.from({ length: students }, () => 0.8 * z());
  const uT = Float64Array.from({ length: teachers }, () => 0.5 * z());
  const uS = Float64Array.from({ length: schools }, () => 0.3 * z());
  const y = new Float64Array(rows);
  const x = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i] = z();
    y[i] = 1 + 0.5 * x[i] + uId[id[i]] + uT[tch[i]] + uS[sch[i]] + z();
  }
  return { y, x, id, tch, sch };
}
