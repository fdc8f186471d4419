import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { MixedLM } from '../../src/model/mixedlm.js';

const y = [1, 2.5, 3, 4.2, 5.1, 6.3, 2.2, 3.9];
const X = y.map((_, i) => [1, i]);
const g = [1, 1, 2, 2, 3, 3, 4, 4];

describe('getDistribution input checks', () => {
  it('rejects a parameter vector of the wrong length or type with a typed error', () => {
    const m = new MixedLM(y, X, g);
    expect(() => m.getDistribution([1, 2], 1)).toThrow(InvalidArgumentError);
    expect(() => m.getDistribution({} as unknown as number[], 1)).toThrow(InvalidArgumentError);
    expect(() => m.getDistribution(null as unknown as number[], 1)).toThrow(/expected 3 packed parameters/);
  });

  it('rejects an indefinite cov_re when drawing random effects', () => {
    const m = new MixedLM(y, X, g);
    expect(() => m.getDistribution([1, 0.5, -0.3], 1).rvs(1)).toThrow(InvalidArgumentError);
  });

  it('draws reproducibly from valid parameters', () => {
    const m = new MixedLM(y, X, g);
    const d = m.getDistribution([1, 0.5, 0.3], 2);
    expect(d.rvs(7)).toEqual(d.rvs(7));
    expect(d.rvs(7)).not.toEqual(d.rvs(8));
  });
});
