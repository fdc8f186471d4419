import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { readTableSync } from '../../src/data/read.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { profileIntervals } from '../../src/model/inference/intervals.js';
import { profileTrace } from '../../src/model/inference/profile-trace.js';
import type { MixedLMResults } from '../../src/model/results.js';
import { scaleLinear } from 'd3-scale';
import { fittingTicks } from '../../src/plot/axis.js';
import { plotBootstrap, plotCaterpillar, plotProfile, plotResiduals } from '../../src/plot/index.js';
import { REFERENCE_DIR, REPO_ROOT } from '../paths.js';
import { pastes, penicillin as penicillinArrays } from '../model/fit-helpers.js';
import { all, expectFiniteGeometry, find, parseSvg, type Node } from './svg-check.js';

const data = (name: string) => readTableSync(join(REPO_ROOT, 'data', name));
const lme4 = JSON.parse(readFileSync(join(REFERENCE_DIR, 'lme4.json'), 'utf8').replace(/\bNaN\b/g, 'null')) as Record<string, any>;

const sleep = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', data('sleepstudy.csv')).fit();
const penicillin = MixedLM.fromFormula('diameter ~ 1 + (1 | plate) + (1 | sample)', data('Penicillin.csv')).fit();

/** Tick labels of each axis group below `n`. */
const ticks = (n: Node): Node[][] => find(n, 'g', 'axis').map((a) => find(a, 'text', 'tick'));

describe('plotCaterpillar', () => {
  it('sleepstudy: one labelled row per subject, sorted, intervals = lme4 mode ± 1.96·√condVar', () => {
    const svg = plotCaterpillar(sleep);
    const root = parseSvg(svg);
    expectFiniteGeometry(svg, root);
    const terms = find(root, 'g', 'term');
    expect(terms.map((t) => t.attrs['data-term'])).toEqual(['Subject']);
    const rows = find(terms[0]!, 'g', 'row');
    const ref = lme4.sleepstudy_slopes_reml.ranef.Subject;
    expect(rows.map((r) => r.attrs['data-level']).sort()).toEqual([...ref.levels].sort());
    // 18 rows of 14 px: every row carries its own visible label, equal to its level
    for (const r of rows) expect(find(r, 'text', 'level-label').map((t) => t.text)).toEqual([r.attrs['data-level']]);
    // sorted by the intercept mode, largest at the top
    const first = rows.map((r) => find(r, 'circle')[0]!);
    const cys = first.map((c) => Number(c.attrs.cy));
    const cxs = first.map((c) => Number(c.attrs.cx));
    for (let i = 1; i < rows.length; i++) {
      expect(cys[i]!).toBeGreaterThan(cys[i - 1]!);
      expect(cxs[i]!).toBeLessThanOrEqual(cxs[i - 1]!);
    }
    // two panels ((Intercept), Days), each with x ticks
    expect(find(root, 'text', 'panel-title').map((t) => t.text)).toEqual(['(Intercept)', 'Days']);
    for (const t of ticks(root)) expect(t.length).toBeGreaterThanOrEqual(3);
    // the tooltip numbers (4 significant digits) against lme4: |Δ| ≤ 1e-3 × the term's largest |mode| (covers rounding and the 1e-4 fit tolerance)
    for (const r of rows) {
      const i = ref.levels.indexOf(r.attrs['data-level']);
      const tip = find(r, 'title')[0]!.text;
      ref.terms.forEach((nm: string, j: number) => {
        const m = new RegExp(`${nm.replace(/[()]/g, '\\$&')}: (\\S+) \\[(\\S+), (\\S+)\\]`).exec(tip);
        expect(m, tip).not.toBeNull();
        const mode = ref.mean[i][j];
        const h = 1.959964 * Math.sqrt(ref.condvar[i][j][j]);
        const scale = Math.max(...ref.mean.map((row: number[]) => Math.abs(row[j]!)));
        expect(Math.abs(Number(m![1]) - mode)).toBeLessThanOrEqual(1e-3 * scale);
        expect(Math.abs(Number(m![2]) - (mode - h))).toBeLessThanOrEqual(1e-3 * scale);
        expect(Math.abs(Number(m![3]) - (mode + h))).toBeLessThanOrEqual(1e-3 * scale);
      });
    }
  });

  it('Penicillin: one panel per crossed term, every plate and sample labelled', () => {
    const svg = plotCaterpillar(penicillin);
    const root = parseSvg(svg);
    expectFiniteGeometry(svg, root);
    const terms = find(root, 'g', 'term');
    const ref = lme4.penicillin_reml.ranef;
    expect(terms.map((t) => t.attrs['data-term']).sort()).toEqual(['plate', 'sample']);
    for (const t of terms) {
      const grp = t.attrs['data-term']!;
      const rows = find(t, 'g', 'row');
      expect(rows.map((r) => r.attrs['data-level']).sort()).toEqual([...ref[grp].levels].map(String).sort());
      expect(find(t, 'text', 'level-label').length).toBe(rows.length);
      expect(find(t, 'text', 'tick').length).toBeGreaterThanOrEqual(3);
    }
  });

  it('4,000 levels: every level has a row, labels thinned so none overlap', () => {
    const nLev = 4000;
    const g: string[] = [];
    const y: number[] = [];
    let s = 12345;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const gauss = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
    for (let l = 0; l < nLev; l++) {
      const b = 2 * gauss();
      for (let k = 0; k < 3; k++) {
        g.push(`L${String(l).padStart(4, '0')}`);
        y.push(10 + b + gauss());
      }
    }
    const fit = MixedLM.fromFormula('y ~ 1 + (1 | g)', { y, g }).fit();
    const svg = plotCaterpillar(fit);
    const root = parseSvg(svg);
    expectFiniteGeometry(svg, root);
    const rows = find(root, 'g', 'row');
    expect(rows.length).toBe(nLev);
    expect(new Set(rows.map((r) => r.attrs['data-level'])).size).toBe(nLev);
    const labels = find(root, 'text', 'level-label');
    expect(labels.length).toBeGreaterThan(20);
    expect(labels.length).toBeLessThan(nLev / 10);
    const ys = labels.map((t) => Number(t.attrs.y));
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(11); // font size 11 px: no overlap
    // the figure stays a readable size
    expect(Number(root.attrs.height)).toBeLessThan(1200);
  });

  it('escapes level names and terms, and accepts saved term effects without intervals', () => {
    const g = ['a<b', 'a<b', 'c&d', 'c&d', '"q"', '"q"', "it's", "it's"];
    const y = [1, 2, 5, 6, 3, 3.5, 8, 9];
    const fit = MixedLM.fromFormula('y ~ 1 + (1 | g)', { y, g }).fit();
    const svg = plotCaterpillar(fit);
    const root = parseSvg(svg);
    expect(find(root, 'g', 'row').map((r) => r.attrs['data-level']).sort()).toEqual(['"q"', 'a<b', 'c&d', "it's"]);
    expect(find(root, 'text', 'level-label').map((t) => t.text).sort()).toEqual(['"q"', 'a<b', 'c&d', "it's"]);
    const saved = fit.toJSON().model!.effects.map(({ condvar: _cv, ...e }) => e);
    expect(fit.toJSON().model!.effects[0]!.condvar).toHaveLength(4);
    const s2 = plotCaterpillar(saved);
    const r2 = parseSvg(s2);
    expect(find(r2, 'line').some((l) => l.attrs.stroke === '#7aa6d6')).toBe(false);
    expect(find(r2, 'title')[0]!.text).toMatch(/intervals omitted/);
  });

  it('array-built models: the exog_re block and each variance component are terms', () => {
    // Pastes (statsmodels form): batch intercept (10 batches) + cask within batch (30 = 10 × 3 levels batch/cask)
    const fit = pastes().fit();
    const root = parseSvg(plotCaterpillar(fit));
    const terms = find(root, 'g', 'term').map((t) => `${t.attrs['data-term']}:${find(t, 'g', 'row').length}`);
    expect(terms).toEqual(['Group:10', 'cask:30']);
    expect(find(root, 'g', 'row').some((r) => /^[A-J]\/C\(cask\)\[[abc]\]$/.test(r.attrs['data-level'] ?? ''))).toBe(true);
    // Penicillin as one group with two crossed components: levels are the column names
    const pen = penicillinArrays().fit();
    const r2 = parseSvg(plotCaterpillar(pen));
    expect(find(r2, 'g', 'term').map((t) => `${t.attrs['data-term']}:${find(t, 'g', 'row').length}`)).toEqual(['plate:24', 'sample:6']);
    const res = parseSvg(plotResiduals(pen));
    expect(find(res, 'g', 'panel')).toHaveLength(4);
  });

  it('bad options are typed errors naming the option', () => {
    expect(() => plotCaterpillar(sleep, { level: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => plotCaterpillar(sleep, { terms: ['Nope'] })).toThrow(/no random term 'Nope'/);
    expect(() => plotCaterpillar([])).toThrow(InvalidArgumentError);
  });
});

describe('plotResiduals', () => {
  const check = (fit: MixedLMResults, qqPanels: number) => {
    const svg = plotResiduals(fit);
    const root = parseSvg(svg);
    expectFiniteGeometry(svg, root);
    const panels = find(root, 'g', 'panel').map((p) => p.attrs['data-panel']);
    expect(panels).toEqual(['resid-fitted', 'qq-resid', ...Array(qqPanels).fill('qq-modes')]);
    const pts = find(root, 'path', 'points').map((p) => Number(p.attrs['data-n']));
    expect(pts.slice(0, 2)).toEqual([fit.nobs, fit.nobs]);
    for (const t of ticks(root)) expect(t.length).toBeGreaterThanOrEqual(3);
    return { root, pts };
  };
  it('sleepstudy: residuals vs fitted, Q-Q of residuals and of both Subject columns', () => {
    const { pts } = check(sleep, 2);
    expect(pts.slice(2)).toEqual([18, 18]);
  });
  it('Penicillin: Q-Q of the plate and sample modes; clip ids unique and prefixed', () => {
    const { root, pts } = check(penicillin, 2);
    const ids = find(root, 'clipPath').map((c) => c.attrs.id);
    expect(ids.length).toBe(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^res-/);
    expect(find(parseSvg(plotResiduals(penicillin, { idPrefix: 'p2' })), 'clipPath').map((c) => c.attrs.id)[0]).toMatch(/^p2-/);
    expect(pts.slice(2).sort((a, b) => a - b)).toEqual([6, 24]);
    expect(find(root, 'text', 'panel-title').map((t) => t.text)).toContain('Normal Q-Q: plate (Intercept)');
  });
});

describe('plotProfile and profileTrace', () => {
  const trace = profileTrace(sleep);
  it('trace bounds equal profileIntervals (both Brent roots of the same profile: relative 1e-5)', () => {
    const iv = profileIntervals(sleep, 0.95);
    expect(trace.params.map((p) => p.name)).toEqual(iv.map((r) => r.name));
    trace.params.forEach((p, i) => {
      for (const [a, b] of [[p.lower, iv[i]!.lower], [p.upper, iv[i]!.upper]] as const) expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(b), Math.abs(iv[i]!.estimate)));
      // ζ increases with the parameter, is 0 at the estimate and reaches ±2.576 unless a variance hits 0
      const z = p.points.map((q) => q.zeta);
      for (let k = 1; k < z.length; k++) expect(z[k]!).toBeGreaterThan(z[k - 1]!);
      expect(z[z.length - 1]!).toBeGreaterThanOrEqual(2.5758);
    });
  });
  it('draws one panel per parameter with ζ path, ±z lines and both bounds', () => {
    const svg = plotProfile(trace);
    const root = parseSvg(svg);
    expectFiniteGeometry(svg, root);
    const panels = find(root, 'g', 'panel');
    expect(panels.map((p) => p.attrs['data-param'])).toEqual(['Intercept', 'Days', 'Subject Var', 'Subject x Days Cov', 'Days Var', 'Scale']);
    for (const p of panels) {
      expect(find(p, 'path', 'zeta').length).toBe(1);
      expect(find(p, 'line', 'level-line').length).toBe(2);
      expect(find(p, 'line', 'bound').length).toBe(2);
      for (const t of ticks(p)) expect(t.length).toBeGreaterThanOrEqual(3);
    }
  });
  it('computes the profile when given a fit (parm restricts it)', () => {
    const svg = plotProfile(penicillin, { parm: ['Intercept'] });
    const root = parseSvg(svg);
    expect(find(root, 'g', 'panel').map((p) => p.attrs['data-param'])).toEqual(['Intercept']);
    expect(() => plotProfile(penicillin, { parm: ['nope'] })).toThrow(/no parameter 'nope'/);
  });
});

describe('plotBootstrap', () => {
  it('one histogram per parameter holding every finite replicate, with the percentile interval', () => {
    const b = sleep.bootstrap(40, { seed: 3 });
    const svg = plotBootstrap(b);
    const root = parseSvg(svg);
    expectFiniteGeometry(svg, root);
    const panels = find(root, 'g', 'panel');
    expect(panels.map((p) => p.attrs['data-param'])).toEqual(b.names);
    panels.forEach((p, j) => {
      const finite = b.replicates.filter((r) => Number.isFinite(r[j]!)).length;
      const counts = all(p).filter((m) => m.attrs['data-count'] !== undefined).map((m) => Number(m.attrs['data-count']));
      expect(counts.reduce((a, c) => a + c, 0)).toBe(finite);
      expect(find(p, 'line', 'bound').length).toBe(2);
      expect(find(p, 'rect', 'interval').length).toBe(1);
      for (const t of ticks(p)) expect(t.length).toBeGreaterThanOrEqual(2);
    });
    expect(() => plotBootstrap({} as never)).toThrow(InvalidArgumentError);
  });
});

describe('fittingTicks', () => {
  it('takes fewer d3 ticks until neighbouring labels do not overlap', () => {
    const x = scaleLinear().domain([0, 2400]).range([0, 160]);
    const need = (s: string) => s.length * 6.6 + 6; // 0.6 em at 11 px, plus a gap
    const { ticks, fmt } = fittingTicks(x, 10, need);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThan(x.ticks(10).length);
    for (let i = 1; i < ticks.length; i++) expect(x(ticks[i]!) - x(ticks[i - 1]!)).toBeGreaterThanOrEqual((need(fmt(ticks[i]!)) + need(fmt(ticks[i - 1]!))) / 2);
    // wide enough: d3's own ticks unchanged
    const wide = scaleLinear().domain([0, 2400]).range([0, 2000]);
    expect(fittingTicks(wide, 10, need).ticks).toEqual(wide.ticks(10));
  });
});
