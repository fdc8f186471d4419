import { describe, expect, it } from 'vitest';
import { factorizationCosts, type FactorizationCost, type FactorizationPath } from '../../src/sparse/factorization-cost.js';
import { CscMatrix } from '../../src/sparse/csc.js';
import { DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { mulberry32 } from './helpers.js';
import { crossedRatings, denseFill, designPattern, nestedDesign } from './fill-oracle.js';

const byPath = (c: FactorizationCost[], p: FactorizationPath): FactorizationCost => c.find((x) => x.path === p)!;

/** lead columns s0 … s0+q1−1 first, then the rest in index order */
function leadFirst(n: number, s0: number, q1: number): Int32Array {
  const p: number[] = [];
  for (let j = s0; j < s0 + q1; j++) p.push(j);
  for (let j = 0; j < n; j++) if (j < s0 || j >= s0 + q1) p.push(j);
  return Int32Array.from(p);
}

describe('factorizationCosts', () => {
  it('small designs: every path agrees exactly with dense symbolic elimination', () => {
    const cases: Array<{ M: CscMatrix; s0: number; q1: number; k: number }> = [];
    {
      const { codes, levels } = crossedRatings(mulberry32(3), 40, 12, 3);
      cases.push({ M: designPattern(codes, levels), s0: 0, q1: 40, k: 1 });
    }
    {
      const { codes, levels } = nestedDesign(mulberry32(5), { students: 50, teachers: 12, schools: 3, pHome: 0.8 });
      cases.push({ M: designPattern(codes, levels), s0: 0, q1: 50, k: 1 });
      // (1 + x | student): 2 × 2 lead blocks
      cases.push({ M: designPattern(codes, levels, [2, 1, 1]), s0: 0, q1: 100, k: 2 });
      // lead block in the middle: teachers (scalar) between students and schools
      cases.push({ M: designPattern(codes, levels), s0: 50, q1: 12, k: 1 });
    }
    for (const { M, s0, q1, k } of cases) {
      const costs = factorizationCosts(M, { leadStart: s0, leadSize: q1, blockSize: k });
      expect(costs.map((c) => c.path).sort()).toEqual(['dense-schur', 'sparse-schur', 'supernodal']);
      for (let t = 1; t < costs.length; t++) expect(costs[t]!.flops).toBeGreaterThanOrEqual(costs[t - 1]!.flops);
      // dense Schur: lead first, trailing block full — closed form = oracle, exactly
      const d = denseFill(M, leadFirst(M.ncol, s0, q1), q1);
      expect(byPath(costs, 'dense-schur')).toMatchObject({ nnzL: d.nnzL, flops: d.flops });
      // the sparse paths: exact counts of their own orderings
      for (const p of ['supernodal', 'sparse-schur'] as const) {
        const c = byPath(costs, p);
        expect(c).toMatchObject(denseFill(M, c.perm!));
      }
      // sparse Schur: the lead columns come first
      const ps = byPath(costs, 'sparse-schur').perm!;
      expect(Array.from(ps.subarray(0, q1)).every((i) => i >= s0 && i < s0 + q1)).toBe(true);
      // sparse Schur never fills more than the dense Schur complement
      expect(byPath(costs, 'sparse-schur').nnzL).toBeLessThanOrEqual(byPath(costs, 'dense-schur').nnzL);
    }
  });

  it('crossed, InstEval-like (every pair of items shares a rater): dense-schur first', () => {
    const { codes, levels } = crossedRatings(mulberry32(1), 600, 30, 8);
    const M = designPattern(codes, levels);
    const costs = factorizationCosts(M, { leadSize: 600 });
    expect(costs[0]!.path).toBe('dense-schur');
    // the Schur complement is full, so the sparse Schur path costs exactly the same
    expect(byPath(costs, 'sparse-schur').flops).toBe(costs[0]!.flops);
    expect(byPath(costs, 'supernodal').flops).toBeGreaterThanOrEqual(costs[0]!.flops);
  });

  it('teachers nested in schools: a sparse path wins by far', () => {
    const { codes, levels } = nestedDesign(mulberry32(2), { students: 2000, teachers: 250, schools: 25, pHome: 0.95 });
    const M = designPattern(codes, levels);
    const costs = factorizationCosts(M, { leadSize: 2000 });
    expect(['supernodal', 'sparse-schur']).toContain(costs[0]!.path);
    // measured ≈ 0.07 of the dense Schur flops (seed 2); bound 0.5
    expect(costs[0]!.flops).toBeLessThan(0.5 * byPath(costs, 'dense-schur').flops);
  });

  it('rejects a lead block that is not block diagonal, and bad ranges', () => {
    const { codes, levels } = nestedDesign(mulberry32(5), { students: 20, teachers: 6, schools: 2, pHome: 0.8 });
    const M = designPattern(codes, levels);
    // students + teachers together are not block diagonal
    expect(() => factorizationCosts(M, { leadSize: 26 })).toThrow(InvalidArgumentError);
    expect(() => factorizationCosts(M, { leadSize: 21, blockSize: 2 })).toThrow(InvalidArgumentError);
    expect(() => factorizationCosts(M, { leadStart: 20, leadSize: 20 })).toThrow(InvalidArgumentError);
    expect(() => factorizationCosts(M, { leadSize: 2, blockSize: 0 })).toThrow(InvalidArgumentError);
    const R = new CscMatrix(3, 2, new Int32Array(3), new Int32Array(0), new Float64Array(0));
    expect(() => factorizationCosts(R, { leadSize: 1 })).toThrow(DimensionMismatchError);
    try {
      factorizationCosts(M, { leadSize: 26 });
    } catch (e) {
      expect((e as InvalidArgumentError).argument).toBe('M');
    }
  });

  it('empty lead block: dense-schur is the dense Cholesky of M', () => {
    const { codes, levels } = crossedRatings(mulberry32(9), 10, 5, 2);
    const M = designPattern(codes, levels);
    const n = M.ncol;
    const d = byPath(factorizationCosts(M, { leadSize: 0 }), 'dense-schur');
    expect(d.nnzL).toBe((n * (n + 1)) / 2);
    expect(d.flops).toBe((n * (n + 1) * (2 * n + 1)) / 6);
  });
});
