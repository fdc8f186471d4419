// Issue 10: every factorization path of the single-block solver (dense Schur, supernodal under
// AMD, sparse Schur) gives the same likelihood, derivatives and fit on the same models, and the
// cost rule takes the path the structure calls for.
import { afterEach, describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/index.js';
import { LikelihoodCore } from '../../src/model/likelihood.js';
import { CrossedInner } from '../../src/model/inner/single-block.js';
import { choosePath, forceFactorizationPath, TIE } from '../../src/model/inner/factorization-choice.js';
import type { FactorizationPath } from '../../src/sparse/factorization-cost.js';
import type { GroupedDesign } from '../../src/model/design.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { mulberry32 } from './helpers.js';

const PATHS: FactorizationPath[] = ['dense-schur', 'supernodal', 'sparse-schur'];

/** Box–Muller normal from a uniform generator. */
const gauss = (rng: () => number): number => Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());

/**
 * Students × teachers within schools: each student has a home school and 2–4 rows with distinct
 * teachers, from the home school with probability `pHome` (1: fully nested; 0: crossed).
 */
function school(seed: number, students: number, teachers: number, schools: number, pHome: number, slope = false): Record<string, unknown[]> {
  const rng = mulberry32(seed);
  const sch = Array.from({ length: teachers }, (_, t) => (t < schools ? t : Math.floor(rng() * schools)));
  const bySchool = Array.from({ length: schools }, (_, s) => sch.map((h, t) => (h === s ? t : -1)).filter((t) => t >= 0));
  const uS = Array.from({ length: students }, () => [0.8 * gauss(rng), 0.3 * gauss(rng)]);
  const uT = Array.from({ length: teachers }, () => 0.5 * gauss(rng));
  const uK = Array.from({ length: schools }, () => 0.4 * gauss(rng));
  const cols: Record<string, unknown[]> = { y: [], x: [], id: [], tch: [], sch: [] };
  for (let s = 0; s < students; s++) {
    const home = Math.floor(rng() * schools);
    const k = 2 + Math.floor(rng() * 3);
    const seen = new Set<number>();
    for (let r = 0; r < k; r++) {
      let t = 0;
      for (let tries = 0; tries < 20; tries++) {
        const pool = rng() < pHome ? bySchool[home]! : null;
        t = pool ? pool[Math.floor(rng() * pool.length)]! : Math.floor(rng() * teachers);
        if (!seen.has(t)) break;
      }
      seen.add(t);
      const x = gauss(rng);
      const y = 1 + 0.5 * x + uS[s]![0]! + (slope ? uS[s]![1]! * x : 0) + uT[t]! + uK[sch[t]!]! + gauss(rng);
      cols.y!.push(y);
      cols.x!.push(x);
      cols.id!.push(`s${s}`);
      cols.tch!.push(`t${t}`);
      cols.sch!.push(`k${sch[t]}`);
    }
  }
  return cols;
}

const MODELS: Array<{ name: string; formula: string; data: () => Record<string, unknown[]> }> = [
  { name: 'scalar crossed', formula: 'y ~ x + (1|id) + (1|tch) + (1|sch)', data: () => school(1, 160, 30, 5, 0) },
  { name: 'nested', formula: 'y ~ x + (1|id) + (1|tch) + (1|sch)', data: () => school(2, 160, 40, 8, 1) },
  { name: 'partially nested', formula: 'y ~ x + (1|id) + (1|tch) + (1|sch)', data: () => school(3, 180, 40, 8, 0.85) },
  { name: 'correlated lead term', formula: 'y ~ x + (1 + x|id) + (1|tch) + (1|sch)', data: () => school(4, 120, 36, 6, 0.85, true) },
];

const design = (m: MixedLM): GroupedDesign => (m as unknown as { design: GroupedDesign }).design;

afterEach(() => forceFactorizationPath(null));

describe('factorization paths agree (issue 10)', () => {
  for (const mod of MODELS) {
    const data = mod.data();
    it(`${mod.name}: loglike, score and Hessian at fixed points, every path: 1e-8`, () => {
      const m = MixedLM.fromFormula(mod.formula, data);
      const des = design(m);
      const cores = PATHS.map((p) => new LikelihoodCore(des, new CrossedInner(des, p)));
      cores.forEach((c, i) => expect((c.inner as CrossedInner).factorization.path).toBe(PATHS[i]));
      const nl = m.vcDims.reduce((s, d) => s + (d * (d + 1)) / 2, 0);
      // the second point has a tiny variance (explicit W columns)
      const pts = [Array.from({ length: nl }, (_, j) => 0.4 + 0.15 * j), Array.from({ length: nl }, (_, j) => (j === nl - 1 ? 1e-4 : 0.6 - 0.05 * j))];
      for (const th of pts)
        for (const reml of [true, false]) {
          const lam = Float64Array.from(th);
          const L = new Float64Array(0);
          const ev = cores.map((c) => c.evaluate(L, lam, null));
          const ll = ev.map((e, i) => cores[i]!.loglikeOf(e, reml));
          const sc = ev.map((e, i) => cores[i]!.scoreFull(e, reml, false).vc);
          const hs = ev.map((e, i) => cores[i]!.hessian(e, reml));
          for (let i = 1; i < PATHS.length; i++) {
            expect(Math.abs(ll[i]! - ll[0]!), `${PATHS[i]} llf`).toBeLessThan(1e-8 * Math.max(1, Math.abs(ll[0]!))); // 1e-8 relative
            sc[0]!.forEach((v, j) => expect(Math.abs(sc[i]![j]! - v), `${PATHS[i]} score ${j}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8
            hs[0]!.forEach((r, a) => r.forEach((v, b) => expect(Math.abs(hs[i]![a]![b]! - v), `${PATHS[i]} hessian ${a},${b}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v))))); // 1e-8
          }
        }
    });

    it(`${mod.name}: fits (llf, fixed effects, variance components, standard errors) agree across paths`, () => {
      const fits = PATHS.map((p) => {
        forceFactorizationPath(p);
        const m = MixedLM.fromFormula(mod.formula, data);
        expect(m.factorization?.path).toBe(p);
        expect(m.factorization?.chosenBy).toBe('forced');
        return m.fit({ reml: true });
      });
      const [a] = fits;
      for (const b of fits.slice(1)) {
        expect(b.factorization!.path).not.toBe(a!.factorization!.path);
        expect(Math.abs(b.llf - a!.llf)).toBeLessThan(1e-8 * Math.max(1, Math.abs(a!.llf))); // 1e-8 relative
        a!.feParams.forEach((v, j) => expect(Math.abs(b.feParams[j]! - v), `fe ${j}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8
        a!.params.forEach((v, j) => expect(Math.abs(b.params[j]! - v), `param ${j}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8 (variance parameters, profile scale)
        expect(Math.abs(b.scale - a!.scale)).toBeLessThan(1e-8 * a!.scale); // 1e-8 relative
        a!.bse.forEach((v, j) => expect(Math.abs(b.bse[j]! - v), `bse ${j}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)))); // 1e-6: the Hessian's inverse at slightly different optima
      }
    });
  }
});

describe('the cost rule', () => {
  it('cheapest predicted flops; within 10 % ties go dense-schur, then sparse-schur, then supernodal', () => {
    const c = (path: FactorizationPath, flops: number) => ({ path, flops, nnzL: 0 });
    expect(choosePath([c('supernodal', 100), c('sparse-schur', 300), c('dense-schur', 900)]).path).toBe('supernodal');
    expect(choosePath([c('supernodal', 100), c('sparse-schur', 105), c('dense-schur', 900)]).path).toBe('sparse-schur');
    expect(choosePath([c('supernodal', 100), c('sparse-schur', 100), c('dense-schur', 100 * (1 + TIE))]).path).toBe('dense-schur');
    expect(choosePath([c('supernodal', 100), c('sparse-schur', 120), c('dense-schur', 111)]).path).toBe('supernodal');
    expect(() => choosePath([])).toThrow(InvalidArgumentError);
    expect(() => forceFactorizationPath('cholmod' as FactorizationPath)).toThrow(InvalidArgumentError);
  });

  it('nested designs leave the dense Schur path; a fully crossed one keeps it; the fit reports the choice', () => {
    const nestedM = MixedLM.fromFormula('y ~ x + (1|id) + (1|tch) + (1|sch)', school(5, 600, 120, 20, 1));
    const f = nestedM.factorization!;
    expect(f.chosenBy).toBe('cost');
    expect(f.path).not.toBe('dense-schur');
    const dense = f.candidates.find((c) => c.path === 'dense-schur')!;
    expect(f.predictedFlops).toBeLessThan(dense.predictedFlops / 2); // the fill is far from the dense 140² trailing block
    expect(f.candidates.map((c) => c.predictedFlops)).toEqual(f.candidates.map((c) => c.predictedFlops).sort((x, y) => x - y));
    // fully crossed: every student sees 4 of 6 teachers; the trailing block is dense
    const rng = mulberry32(9);
    const cols: Record<string, unknown[]> = { y: [], x: [], id: [], tch: [] };
    for (let s = 0; s < 100; s++)
      for (let t = 0; t < 6; t++) {
        if (rng() < 0.33) continue;
        cols.y!.push(gauss(rng));
        cols.x!.push(gauss(rng));
        cols.id!.push(`s${s}`);
        cols.tch!.push(`t${t}`);
      }
    const crossedM = MixedLM.fromFormula('y ~ x + (1|id) + (1|tch)', cols);
    expect(crossedM.factorization!.path).toBe('dense-schur');
    const r = nestedM.fit();
    expect(r.factorization).toEqual(f);
    expect(r.factorization!.fillNnz).toBeGreaterThan(0);
  });

  it('the per-group dense solver reports no factorization', () => {
    const rng = mulberry32(3);
    const cols: Record<string, unknown[]> = { y: [], g: [] };
    for (let i = 0; i < 60; i++) {
      cols.y!.push(gauss(rng));
      cols.g!.push(`g${i % 6}`);
    }
    const m = MixedLM.fromFormula('y ~ 1 + (1|g)', cols);
    expect(m.factorization).toBeNull();
    expect(m.fit().factorization).toBeNull();
  });
});
