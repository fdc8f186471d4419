import { describe, expect, it } from 'vitest';
import { chi2Sf, gammaQ, logGamma, normalCdf, normalQuantile, normalSf } from '../../src/model/inference/distributions.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { mulberry32, relErr } from './helpers.js';

// Reference values: mpmath at 50 digits, rounded to double (see the report).
const CDF: [number, number][] = [
  [-37.5, 4.605353009581955e-308], [-30, 4.906713927148187e-198], [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160525e-24], [-8.5, 9.479534822203318e-18], [-6, 9.86587645037698e-10],
  [-5.656, 7.747073323749068e-9], [-5.7, 5.990371401063528e-9], [-4, 3.1671241833119924e-5],
  [-3, 0.0013498980316300946], [-2.5, 0.006209665325776135], [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145705], [-0.7, 0.24196365222307303], [-0.66291, 0.25369409838973994],
  [-0.5, 0.3085375387259869], [-0.1, 0.460172162722971], [-1e-10, 0.49999999996010575], [0, 0.5],
  [1e-10, 0.5000000000398942], [0.3, 0.6179114221889527], [0.66291, 0.7463059016102601],
  [0.7, 0.758036347776927], [1, 0.8413447460685429], [1.5, 0.9331927987311419], [1.96, 0.9750021048517795],
  [2.5, 0.9937903346742238], [3, 0.9986501019683699], [4, 0.9999683287581669], [5, 0.9999997133484281],
  [6, 0.9999999990134123], [8, 0.9999999999999993],
];

const PPF: [number, number][] = [
  [1e-300, -37.0470962993612], [1e-100, -21.273453560965326], [1e-20, -9.262340089798407],
  [1e-10, -6.361340902404057], [1e-5, -4.264890793922825], [0.001, -3.0902323061678136],
  [0.01, -2.326347874040841], [0.025, -1.9599639845400543], [0.05, -1.6448536269514726],
  [0.074, -1.4466320671589785], [0.075, -1.439531470938456], [0.076, -1.4325027208258116],
  [0.2, -0.8416212335729142], [0.6, 0.2533471031357997], [0.8, 0.8416212335729144],
  [0.924, 1.4325027208258119], [0.925, 1.4395314709384561], [0.926, 1.4466320671589787],
  [0.95, 1.6448536269514722], [0.975, 1.9599639845400538], [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813], [1 - 1e-10, 6.361340889697422],
];

const CHI2: [number, number, number][] = [
  [3.84, 1, 0.050043521248705106], [10, 3, 0.018566135463043233], [0.001, 1, 0.9747728793699604],
  [0.5, 2, 0.7788007830714049], [1, 1, 0.3173105078629141], [2.5, 4, 0.6446357929354277],
  [5, 5, 0.41588018699550794], [20, 10, 0.029252688076961072], [50, 3, 7.989179244951472e-11],
  [100, 1, 1.523970604832105e-23], [0.1, 10, 0.9999999975020487], [7.3, 6.5, 0.34543314049952384],
  [200, 150, 0.003973185970821611], [1e-6, 0.5, 0.9706626167748769], [30, 30, 0.46565370894400965],
  [12.3, 7, 0.09111488600031303],
];

const LGAMMA: [number, number][] = [
  [0.001, 6.907178885383853], [0.1, 2.252712651734206], [0.5, 0.5723649429247001], [1.5, -0.12078223763524522],
  [3.7, 1.428072326665388], [10, 12.801827480081469], [50.5, 146.51925549072064], [171, 706.5730622457874],
  [1000, 5905.220423209181], [1e5, 1051287.7089736569],
];

describe('normalCdf', () => {
  it('matches 50-digit values across both tails', () => {
    for (const [x, want] of CDF) expect(relErr(normalCdf(x), want), `x=${x}`).toBeLessThan(2e-15); // tol 2e-15 rel
  });
  it('known values from the brief', () => {
    expect(Math.abs(normalCdf(1.96) - 0.9750021048517795)).toBeLessThan(1e-15); // tol 1e-15
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(Number.isNaN(normalCdf(NaN))).toBe(true);
  });
  it('is symmetric: Φ(x) + Φ(−x) = 1 and sf is the mirror', () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 200; i++) {
      const x = (rnd() - 0.5) * 16;
      expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(4e-16); // tol 4e-16 abs
      expect(normalSf(x)).toBe(normalCdf(-x));
    }
  });
});

describe('normalQuantile', () => {
  it('matches 50-digit values', () => {
    for (const [p, want] of PPF) expect(relErr(normalQuantile(p), want), `p=${p}`).toBeLessThan(2e-15); // tol 2e-15 rel
  });
  it('known values and edges', () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-15); // tol 1e-15
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(InvalidArgumentError);
    expect(() => normalQuantile(-0.1)).toThrow(InvalidArgumentError);
  });
  it('inverts normalCdf on random points', () => {
    const rnd = mulberry32(11);
    for (let i = 0; i < 300; i++) {
      // lower half only: there p = Φ(x) carries full relative precision
      const x = -rnd() * 30;
      const back = normalQuantile(normalCdf(x));
      expect(Math.abs(back - x)).toBeLessThan(1e-14 * Math.max(1, Math.abs(x))); // tol 1e-14 rel
    }
  });
});

describe('chi2Sf and gamma helpers', () => {
  it('matches 50-digit values', () => {
    for (const [x, k, want] of CHI2) expect(relErr(chi2Sf(x, k), want), `x=${x} df=${k}`).toBeLessThan(1e-13); // tol 1e-13 rel
  });
  it('known values from the brief', () => {
    expect(Math.abs(chi2Sf(3.84, 1) - 0.05004352124870519)).toBeLessThan(1e-15); // tol 1e-15
    expect(Math.abs(chi2Sf(10, 3) - 0.018566135463043)).toBeLessThan(1e-14); // tol 1e-14
  });
  it('closed forms: df = 2 is exp(−x/2), Q(1, x) = exp(−x)', () => {
    for (const x of [0.01, 0.7, 3, 15, 60]) {
      expect(relErr(chi2Sf(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-14); // tol 1e-14 rel
      expect(relErr(gammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-14); // tol 1e-14 rel
    }
  });
  it('edges and errors', () => {
    expect(chi2Sf(0, 3)).toBe(1);
    expect(chi2Sf(-1, 3)).toBe(1);
    expect(chi2Sf(Infinity, 3)).toBe(0);
    expect(() => chi2Sf(1, 0)).toThrow(InvalidArgumentError);
    expect(() => gammaQ(1, -1)).toThrow(InvalidArgumentError);
  });
  it('logGamma matches 50-digit values', () => {
    for (const [x, want] of LGAMMA) expect(Math.abs(logGamma(x) - want), `x=${x}`).toBeLessThan(2e-15 * Math.max(1, Math.abs(want))); // tol 2e-15
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15); // tol 1e-15
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15); // tol 1e-15
  });
});
