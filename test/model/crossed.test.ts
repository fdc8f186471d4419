import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../src/sparse/csr.js';
import { MixedLM, VCSpec } from '../../src/model/index.js';
import { LikelihoodCore } from '../../src/model/likelihood.js';
import { CrossedInner } from '../../src/model/inner/single-block.js';
import { DenseInner } from '../../src/model/inner/per-group.js';
import type { GroupedDesign } from '../../src/model/design.js';
import { mulberry32, relErr } from './helpers.js';

/** Crossed design: `na` × `nb` levels (+ a small third factor), n rows, random incidence. */
function crossed(seed: number, na: number, nb: number, n: number, opts: { exogRe?: boolean; solver?: 'dense' | 'sparse' } = {}): MixedLM {
  const rnd = mulberry32(seed);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push(i < na ? i : Math.floor(rnd() * na));
    b.push(i < nb ? i : Math.floor(rnd() * nb));
    c.push(Math.floor(rnd() * 5));
  }
  const ua = Array.from({ length: na }, () => rnd() - 0.5);
  const ub = Array.from({ length: nb }, () => (rnd() - 0.5) * 2);
  const uc = [0.4, -0.3, 0.1, 0.5, -0.6];
  const x = Array.from({ length: n }, () => rnd());
  const y = x.map((xi, i) => 1 + 0.5 * xi + ua[a[i]!]! + ub[b[i]!]! + uc[c[i]!]! + (rnd() - 0.5) * 1.5);
  const ind = (v: number[], k: number): CsrMatrix =>
    new CsrMatrix(n, k, Int32Array.from({ length: n + 1 }, (_, i) => i), Int32Array.from(v), new Float64Array(n).fill(1));
  const names = (p: string, k: number): string[] => Array.from({ length: k }, (_, i) => `${p}${i}`);
  const vc = new VCSpec(['a', 'b', 'c'], [[names('a', na)], [names('b', nb)], [names('c', 5)]], [[ind(a, na)], [ind(b, nb)], [ind(c, 5)]]);
  return new MixedLM(y, x.map((xi) => [1, xi]), y.map(() => 1), {
    exogVc: vc,
    ...(opts.exogRe ? { exogRe: x.map((xi) => [xi]) } : {}),
    ...(opts.solver ? { solver: opts.solver } : {}),
  });
}

const design = (m: MixedLM): GroupedDesign => (m as unknown as { design: GroupedDesign }).design;

describe('crossed model on the shared sparse engine', () => {
  for (const reml of [true, false])
    it(`dense and sparse fits agree (lead block of 90 levels, Schur Hessian), reml=${reml}`, () => {
      const d = crossed(7, 90, 25, 600, { solver: 'dense' }).fit({ reml });
      const s = crossed(7, 90, 25, 600, { solver: 'sparse' }).fit({ reml });
      d.params.forEach((v, i) => expect(Math.abs(s.params[i]! - v)).toBeLessThan(1e-7 * Math.max(1e-2, Math.abs(v)))); // optimizer stops: 1e-7
      expect(Math.abs(d.llf - s.llf)).toBeLessThan(1e-8); // 1e-8 absolute
      d.bse.forEach((v, i) => expect(relErr(s.bse[i]!, v)).toBeLessThan(1e-6)); // 1e-6 relative
    });

  it('single group with an exog_re column: dense and sparse agree (fit, and loglike/score/Hessian at a point)', () => {
    const d = crossed(11, 70, 20, 400, { solver: 'dense', exogRe: true }).fit();
    const s = crossed(11, 70, 20, 400, { solver: 'sparse', exogRe: true }).fit();
    d.params.forEach((v, i) => expect(Math.abs(s.params[i]! - v)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)))); // 1e-6
    expect(Math.abs(d.llf - s.llf)).toBeLessThan(1e-8); // 1e-8 absolute
    const des = design(crossed(11, 70, 20, 400, { solver: 'dense', exogRe: true }));
    const cd = new LikelihoodCore(des, new DenseInner(des));
    const cs = new LikelihoodCore(des, new CrossedInner(des));
    const L = Float64Array.of(0.6);
    const lam = Float64Array.of(0.5, 0.9, 0.2);
    const sd = cd.evaluate(L, lam, null);
    const ss = cs.evaluate(L, lam, null);
    expect(Math.abs(cd.loglikeOf(sd, true) - cs.loglikeOf(ss, true))).toBeLessThan(1e-8); // 1e-8 absolute
    const gd = cd.scoreFull(sd, true, false);
    const gs = cs.scoreFull(ss, true, false);
    [...gd.re, ...gd.vc].forEach((v, i) => expect(Math.abs([...gs.re, ...gs.vc][i]! - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8
    const hd = cd.hessian(sd, true);
    const hs = cs.hessian(ss, true);
    hd.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(hs[i]![j]! - v)).toBeLessThan(1e-7 * Math.max(1, Math.abs(v))))); // 1e-7
  });

  for (const ordering of ['blocks', 'amd'] as const)
    it(`likelihood, score and Hessian match the dense engine at a fixed point (ordering ${ordering})`, () => {
      const m = crossed(3, 80, 30, 500, { solver: 'dense' });
      const des = design(m);
      const cd = new LikelihoodCore(des, new DenseInner(des));
      const cs = new LikelihoodCore(des, new CrossedInner(des, ordering));
      const L = new Float64Array(0);
      // the second point has a tiny λ (explicit W columns)
      for (const lam of [Float64Array.of(0.7, 1.1, 0.05), Float64Array.of(0.7, 1e-4, 0.3)])
      for (const reml of [true, false]) {
        const sd = cd.evaluate(L, lam, null);
        const ss = cs.evaluate(L, lam, null);
        expect(Math.abs(cd.loglikeOf(sd, reml) - cs.loglikeOf(ss, reml))).toBeLessThan(1e-8); // 1e-8 absolute
        const gd = cd.scoreFull(sd, reml, false);
        const gs = cs.scoreFull(ss, reml, false);
        gd.vc.forEach((v, i) => expect(Math.abs(gs.vc[i]! - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8
        const hd = cd.hessian(sd, reml);
        const hs = cs.hessian(ss, reml);
        hd.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(hs[i]![j]! - v)).toBeLessThan(1e-7 * Math.max(1, Math.abs(v))))); // 1e-7
      }
    });

  it('Hessian of the sparse engine matches central differences of its score', () => {
    const m = crossed(5, 100, 20, 500, { solver: 'sparse' });
    const r = m.fit();
    const po = r.paramsObject.copy();
    const h = m.hessian(po);
    const k = m.kFe;
    const sc = (vc: number[]): number[] => {
      const p2 = po.copy();
      p2.vcomp = vc;
      return m.scoreFull(p2, true).vc;
    };
    const vc0 = po.vcomp.slice();
    for (let j = 0; j < vc0.length; j++) {
      const e = 1e-5 * Math.max(vc0[j]!, 1e-3);
      const up = vc0.slice();
      const dn = vc0.slice();
      up[j] = vc0[j]! + e;
      dn[j] = vc0[j]! - e;
      const su = sc(up);
      const sd = sc(dn);
      for (let i = 0; i < vc0.length; i++) {
        const fdv = (su[i]! - sd[i]!) / (2 * e);
        expect(Math.abs(h[k + i]![k + j]! - fdv)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fdv))); // 1e-4: FD error
      }
    }
  });
});
