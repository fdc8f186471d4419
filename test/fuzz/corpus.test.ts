/**
 * Fuzz corpus (issue 11): formulas, CSV bytes, saved-fit JSON and option
 * objects — several hundred cases generated deterministically with the
 * project's seeded PRNG plus hand-written nasty ones. Every case must end in
 * success with finite results, or in a typed error (a `MixedLMError`) whose
 * fields and message name the problem: never a raw TypeError, RangeError,
 * stack overflow or a silent NaN (see `oracle.ts`).
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { MixedLMResults } from '../../src/model/results-api.js';
import type { FitJSON } from '../../src/model/formula-results.js';
import { baseCsv, baseData, csv, Draw, formula, mutateJson, options } from './generate.js';
import { NASTY_CSV, NASTY_FORMULAS } from './nasty.js';
import { check, resultsProblem, type Finding } from './oracle.js';

const data = baseData();
const newRows = [
  { y: 1, x: 2.5, z: 0.5, g: 'g1', h: 'b', 'Days.2': 5, 'Subject id': 'S g1' },
  { y: 1, x: 0.1, z: 1.5, g: 'g9', h: 'c', 'Days.2': 0.2, 'Subject id': 'S g9' },
];

function report(findings: Finding[]): string {
  return findings.slice(0, 15).map((f) => `${f.case}\n    → ${f.problem}`).join('\n');
}

/** Fit, check the results, predict (fitted model and its saved form) and check the predictions agree and are finite. */
function fitAndPredict(m: MixedLM, fitOptions: Record<string, unknown> = {}): string | null {
  const r = m.fit(fitOptions);
  const p = resultsProblem(r);
  if (p) return p;
  const pred = r.predict(newRows, { newLevels: 'population' });
  const saved = MixedLMResults.fromJSON(JSON.parse(JSON.stringify(r.toJSON())) as FitJSON).predict(newRows, { newLevels: 'population' });
  if (pred.some((v, i) => !Number.isFinite(v) || Math.abs(v - saved[i]!) > 1e-9 * (1 + Math.abs(v)))) return `predictions ${pred} vs saved ${saved}`;
  return null;
}

describe('fuzz corpus', () => {
  it('formulas: 300 generated + nasty, both dialects', () => {
    const d = new Draw(11);
    const cases: unknown[] = [...NASTY_FORMULAS, ...Array.from({ length: 300 }, () => formula(d))];
    const findings: Finding[] = [];
    const outcome = { ok: 0, error: 0 };
    cases.forEach((f, i) => {
      const sm = typeof f === 'string' && !f.includes('|') && i % 2 === 0;
      const opts = sm ? { groups: d.pick(['g', 'h', 'Subject id', 'nope']), ...(d.chance(0.5) ? { reFormula: d.pick(['1', '~x', '0 + x', '~nope', '~(']) } : {}) } : {};
      outcome[check(findings, `formula ${i}${sm ? ` ${JSON.stringify(opts)}` : ''}`, String(f), () => fitAndPredict(MixedLM.fromFormula(f as string, data, opts)))]++;
    });
    console.log(`formulas: ${outcome.ok} fitted, ${outcome.error} typed errors`);
    expect(findings, report(findings)).toEqual([]);
    // the corpus must exercise both outcomes
    expect(outcome.ok).toBeGreaterThan(30);
    expect(outcome.error).toBeGreaterThan(30);
  });

  it('CSV bytes: 200 mutations of a valid file + nasty files', () => {
    const d = new Draw(23);
    const base = baseCsv();
    const cases = [...NASTY_CSV, ...Array.from({ length: 200 }, () => csv(d, base))];
    const findings: Finding[] = [];
    const outcome = { ok: 0, error: 0 };
    cases.forEach((text, i) => {
      const missing = i % 3 === 0 ? 'drop' : 'none';
      outcome[check(findings, `csv ${i} (missing: ${missing})`, text, () => fitAndPredict(MixedLM.fromFormula('y ~ x + (1 | g)', parseCsv(text), { missing })))]++;
    });
    expect(findings, report(findings)).toEqual([]);
    expect(outcome.ok).toBeGreaterThan(20);
    expect(outcome.error).toBeGreaterThan(20);
  });

  it('saved-fit JSON: 240 mutations of three saved fits + nasty objects', () => {
    const fits = [
      MixedLM.fromFormula('y ~ x + (x | g)', data).fit(),
      MixedLM.fromFormula('y ~ center(x) + C(h) + (1 | g) + (1 | h)', data).fit(),
      MixedLM.fromFormula('y ~ x', data, { groups: 'g', vcFormula: { hh: '0 + C(h)' } }).fit(),
    ].map((r) => JSON.parse(JSON.stringify(r.toJSON())) as unknown);
    const d = new Draw(37);
    const cases: unknown[] = [null, 1, 'x', [], {}, { format: 'mixedlm-fit' }, { format: 'mixedlm-fit', version: 3 }, { ...(fits[0] as object), model: null }];
    for (let k = 0; k < 240; k++) cases.push(mutateJson(d, fits[k % 3]));
    const findings: Finding[] = [];
    const outcome = { ok: 0, error: 0 };
    cases.forEach((j, i) => {
      outcome[
        check(findings, `saved fit ${i}`, JSON.stringify(j)?.slice(0, 200) ?? String(j), () => {
          const pred = MixedLMResults.fromJSON(j as FitJSON).predict(newRows, { newLevels: 'population' });
          return pred.every(Number.isFinite) ? null : `predictions ${pred}`;
        })
      ]++;
    });
    expect(findings, report(findings)).toEqual([]);
    expect(outcome.ok).toBeGreaterThan(10);
    expect(outcome.error).toBeGreaterThan(60);
  });

  it('option objects: fit, confInt, predict, simulate, bootstrap and fromFormula options (240 generated)', () => {
    const m = MixedLM.fromFormula('y ~ x + (1 | g)', data);
    const r = m.fit();
    const d = new Draw(41);
    const findings: Finding[] = [];
    const outcome = { ok: 0, error: 0 };
    const targets: Array<[string, readonly string[], (o: Record<string, unknown>) => string | null]> = [
      ['fit', ['reml', 'method', 'maxiter', 'gtol', 'fullOutput', 'doCg', 'startParams', 'free', 'signal', 'onProgress'], (o) => fitAndPredict(m, o)],
      ['confInt', ['method', 'level', 'nBoot', 'seed', 'parm', 'criterion'], (o) => {
        if (typeof o.nBoot === 'number' && o.nBoot > 3) o.nBoot = 3;
        if (o.method === 'bootstrap' && o.nBoot === undefined) o.nBoot = 3;
        const rows = r.confInt(o);
        return rows.every((x) => Number.isFinite(x.estimate)) ? null : 'non-finite estimate';
      }],
      ['predict', ['includeRandom', 'newLevels'], (o) => (r.predict(newRows, o).every(Number.isFinite) ? null : 'NaN prediction')],
      ['simulate', ['seed', 'useRandomEffects', 'newParams'], (o) => (r.simulate(o).every(Number.isFinite) ? null : 'NaN simulation')],
      ['bootstrap', ['seed', 'level'], (o) => (r.bootstrap(2, o).intervals.every((x) => Number.isFinite(x.estimate)) ? null : 'non-finite estimate')],
      ['fromFormula', ['groups', 'reFormula', 'vcFormula', 'missing', 'useSqrt', 'solver', 'useSparse', 'subset'], (o) => fitAndPredict(MixedLM.fromFormula('y ~ x', data, { groups: 'g', ...o }))],
    ];
    for (let k = 0; k < 240; k++) {
      const [name, keys, run] = targets[k % targets.length]!;
      const o = options(d, keys);
      const shown = JSON.stringify(o, (_k, v: unknown) => (typeof v === 'function' ? 'ƒ' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
      outcome[check(findings, `${name}(${shown})`, shown, () => run(o))]++;
    }
    // positional arguments
    for (const a of [2, -0.1, 0, 1, NaN, '0.05', null, [0.05]]) outcome[check(findings, `confInt(${String(a)})`, String(a), () => (r.confInt(a as number).flat().every(Number.isFinite) ? null : 'NaN interval'))]++;
    for (const a of [0, -1, 1.5, NaN, '3', null]) outcome[check(findings, `bootstrap(${String(a)})`, String(a), () => (r.bootstrap(a as number).intervals.length > 0 ? null : 'no rows'))]++;
    expect(findings, report(findings)).toEqual([]);
    expect(outcome.ok).toBeGreaterThan(30);
    expect(outcome.error).toBeGreaterThan(30);
  });
});
