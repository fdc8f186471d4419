// Seeded simulator of a partially nested students × teachers-within-schools study (issue 10),
// for bench/sparse.js (the factorization cost estimates and the analysis timings).
import { mulberry32, normalGenerator } from './simulate.js';

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
