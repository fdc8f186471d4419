import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { parametricBootstrap, withEndog } from '../../src/model/index.js';
import { penicillin, sleepstudy } from './fit-helpers.js';

describe('parametric bootstrap', () => {
  const r = sleepstudy().fit();
  const b1 = r.bootstrap(20, { seed: 11 });
  it('same seed → identical numbers; another seed differs', () => {
    const b2 = parametricBootstrap(r, 20, { seed: 11 });
    expect(b2.replicates).toEqual(b1.replicates); // exact
    expect(b2.intervals).toEqual(b1.intervals);
    const b3 = r.bootstrap(20, { seed: 12 });
    expect(b3.replicates[0]).not.toEqual(b1.replicates[0]);
  });
  it('percentile intervals cover the estimate; shapes and timing reported', () => {
    expect(b1.names).toEqual([...r.paramNames, 'Scale']);
    expect(b1.replicates.length).toBe(20);
    expect(b1.replicates.every((row) => row.length === b1.names.length && row.every(Number.isFinite))).toBe(true);
    b1.intervals.forEach((row) => {
      expect(row.lower).toBeLessThanOrEqual(row.estimate);
      expect(row.upper).toBeGreaterThanOrEqual(row.estimate);
    });
    expect(b1.secondsPerReplicate).toBeGreaterThan(0);
    expect(b1.nNotConverged).toBe(0);
  });
  it('confInt({method: "bootstrap"}) uses it', () => {
    const rows = r.confInt({ method: 'bootstrap', nBoot: 20, seed: 11 });
    expect(rows).toEqual(b1.intervals);
  });
  it('the input fit and model are not changed', () => {
    expect(r.model.reml).toBe(true);
    expect(r.model.endog[0]).toBe(249.56);
  });
  it('crossed model (penicillin, sparse engine), ML fit', () => {
    const rp = penicillin({ solver: 'sparse' }).fit({ reml: false });
    const b = rp.bootstrap(5, { seed: 3, level: 0.8 });
    expect(b.level).toBe(0.8);
    b.intervals.forEach((row) => expect(row.lower <= row.upper).toBe(true));
    expect(b.replicates.length).toBe(5);
  });
  it('withEndog keeps the design and takes the new response', () => {
    const m = withEndog(r.model, r.model.endog.map((y) => y + 1));
    const f = m.fit();
    expect(f.feParams[0]! - r.feParams[0]!).toBeCloseTo(1, 6); // intercept shifts by 1 (1e-6)
    expect(f.feParams[1]!).toBeCloseTo(r.feParams[1]!, 6);
    expect(() => withEndog(r.model, [1, 2])).toThrow(InvalidArgumentError);
    expect(() => r.bootstrap(0)).toThrow(InvalidArgumentError);
  });
});
