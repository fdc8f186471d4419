import { REFERENCE_DIR } from '../paths.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSummary, type SummaryInput } from '../../src/model/summary.js';
import { normalCdf, normalQuantile } from '../../src/model/inference/distributions.js';
import { formatFixed, formatR, pyCenter, pyFloatRepr } from '../../src/model/format.js';
import { InvalidArgumentError } from '../../src/errors.js';

interface SmRef {
  param_names: string[];
  fe_params: number[];
  bse_fe: number[];
  bse: number[];
  cov_re: number[][];
  vcomp: number[];
  scale: number;
  llf: number;
  summary: string;
}
/** Python's json writes NaN/Infinity bare; read them back as numbers. */
function readPyJson(path: string): unknown {
  const text = readFileSync(path, 'utf8').replace(/(?<=[[:,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '"__$1__"');
  return JSON.parse(text, (_k, v: unknown) =>
    v === '__NaN__' ? NaN : v === '__Infinity__' ? Infinity : v === '__-Infinity__' ? -Infinity : v,
  );
}
const ref = readPyJson(`${REFERENCE_DIR}/statsmodels.json`) as Record<string, SmRef>;
const root = new URL('../../', import.meta.url);

/** Column `name` of a bundled lme4 CSV, as strings (quotes removed). */
function csvColumn(file: string, name: string): string[] {
  const lines = readFileSync(new URL(`data/${file}`, root), 'utf8').trim().split(/\r?\n/);
  const unq = (s: string): string => s.replace(/^"|"$/g, '');
  const header = lines[0]!.split(',').map(unq);
  const j = header.indexOf(name);
  return lines.slice(1).map((l) => unq(l.split(',')[j]!));
}

/** Per-group sizes for the statsmodels grouping of each model. */
function groupSizes(file: string, group: string | null): number[] {
  if (group === null) return [csvColumn(file, 'diameter').length]; // one group: all rows
  const col = csvColumn(file, group);
  const counts = new Map<string, number>();
  for (const g of col) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts.values()];
}

const MODELS: Record<string, { file: string; group: string | null; y: string }> = {
  sleepstudy_slopes: { file: 'sleepstudy.csv', group: 'Subject', y: 'Reaction' },
  sleepstudy_indep: { file: 'sleepstudy.csv', group: 'Subject', y: 'Reaction' },
  dyestuff: { file: 'Dyestuff.csv', group: 'Batch', y: 'Yield' },
  penicillin: { file: 'Penicillin.csv', group: null, y: 'diameter' },
  pastes: { file: 'Pastes.csv', group: 'batch', y: 'strength' },
};

/** SummaryInput from the reference numbers, computed the way statsmodels' summary() does. */
function inputFor(id: string, alpha = 0.05): SummaryInput {
  const r = ref[id]!;
  const model = id.replace(/_(reml|ml)$/, '');
  const m = MODELS[model]!;
  const sizes = groupSizes(m.file, m.group);
  const kfe = r.fe_params.length;
  const qm = -normalQuantile(alpha / 2);
  const feRows = r.fe_params.map((coef, i) => {
    const se = r.bse_fe[i]!;
    const z = coef / se;
    return { name: r.param_names[i]!, coef, se, z, p: 2 * normalCdf(-Math.abs(z)), lower: coef - qm * se, upper: coef + qm * se };
  });
  // variance rows: lower triangle of cov_re (row-wise), then vcomp; se = √scale · bse
  const reRows: SummaryInput['reRows'] = [];
  let jj = kfe;
  const sq = Math.sqrt(r.scale);
  for (let i = 0; i < r.cov_re.length; i++) {
    for (let j = 0; j <= i; j++) {
      reRows.push({ name: r.param_names[jj]!, coef: r.cov_re[i]![j]!, se: sq * r.bse[jj]! });
      jj++;
    }
  }
  for (const v of r.vcomp) {
    reRows.push({ name: r.param_names[jj]!, coef: v, se: sq * r.bse[jj]! });
    jj++;
  }
  return {
    dependentVariable: m.y,
    nobs: sizes.reduce((a, b) => a + b, 0),
    nGroups: sizes.length,
    minGroupSize: Math.min(...sizes),
    maxGroupSize: Math.max(...sizes),
    meanGroupSize: sizes.reduce((a, b) => a + b, 0) / sizes.length,
    method: id.endsWith('_reml') ? 'REML' : 'ML',
    scale: r.scale,
    llf: r.llf,
    converged: true,
    feRows,
    reRows,
    alpha,
  };
}

const ids = Object.keys(ref).filter((k) => !k.startsWith('_'));

describe('formatSummary reproduces statsmodels 0.13.5 summary() text', () => {
  it('has the 10 reference models', () => {
    expect(ids.length).toBe(10);
  });
  for (const id of ids) {
    it(`${id}: character for character`, () => {
      expect(formatSummary(inputFor(id))).toBe(ref[id]!.summary); // exact
    });
  }

  it('prints non-finite entries as empty cells and other alpha headers', () => {
    const inp = inputFor('dyestuff_reml', 0.1);
    inp.reRows[0]!.se = NaN;
    const text = formatSummary(inp);
    const lines = text.split('\n');
    // expected strings built with Python's str.center / column widths by hand
    expect(lines).toContain('           Coef.   Std.Err.   z    P>|z|  [0.05    0.95]  ');
    expect(lines).toContain('Batch Var 1764.171                                        ');
    expect(lines).toContain('Intercept 1527.500   19.384 78.802 0.000 1495.616 1559.384');
    expect(text.endsWith('=\n')).toBe(true);
    expect(lines.every((l, i) => i === 0 || l.length === 0 || l.length === lines[1]!.length)).toBe(true);
  });

  it('pads the parameter table when the info table is wider (penicillin) and vice versa', () => {
    const inp = inputFor('penicillin_reml');
    inp.feRows[0]!.name = 'An exceptionally long fixed-effect name';
    const lines = formatSummary(inp).split('\n');
    const width = lines[1]!.length;
    expect(width).toBeGreaterThan(55);
    for (const l of lines.slice(1, -1)) expect(l.length).toBe(width);
    expect(lines[0]!.trimStart()).toBe('Mixed Linear Model Regression Results');
  });

  it('still renders with no parameter rows', () => {
    const inp = inputFor('dyestuff_ml');
    inp.feRows = [];
    inp.reRows = [];
    const lines = formatSummary(inp).split('\n');
    expect(lines[lines.length - 2]).toBe('='.repeat(lines[1]!.length));
    for (const l of lines.slice(1, -1)) expect(l.length).toBe(lines[1]!.length);
    expect(lines[9]!.split(/\s+/).filter((x) => x !== '')).toEqual(['Coef.', 'Std.Err.', 'z', 'P>|z|', '[0.025', '0.975]']);
  });

  it('rejects alpha outside (0, 1)', () => {
    expect(() => formatSummary(inputFor('dyestuff_ml', 1))).toThrow(InvalidArgumentError);
  });
});

describe('format helpers', () => {
  it('formatFixed follows printf: exact binary value, ties to even, sign of zero', () => {
    expect(formatFixed(0.0625, 3)).toBe('0.062'); // exact tie → even
    expect(formatFixed(0.1875, 3)).toBe('0.188');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(1.0005, 3)).toBe('1.000'); // 1.0005 is below the tie in binary
    expect(formatFixed(-1e-9, 3)).toBe('-0.000');
    expect(formatFixed(-0, 1)).toBe('-0.0');
    expect(formatFixed(0, 3)).toBe('0.000');
    expect(formatFixed(1e22, 1)).toBe('10000000000000000000000.0');
    expect(formatFixed(-871.8141359795748, 4)).toBe('-871.8141');
    expect(formatFixed(NaN, 3)).toBe('nan');
    expect(formatFixed(-Infinity, 3)).toBe('-inf');
    expect(formatFixed(5e-324, 3)).toBe('0.000');
  });
  it('pyFloatRepr follows Python repr', () => {
    expect(pyFloatRepr(0.025)).toBe('0.025');
    expect(pyFloatRepr(0.975)).toBe('0.975');
    expect(pyFloatRepr(1 - 0.025)).toBe('0.975');
    expect(pyFloatRepr(0.005)).toBe('0.005');
    expect(pyFloatRepr(1e-5)).toBe('1e-05');
    expect(pyFloatRepr(1.5e-7)).toBe('1.5e-07');
    expect(pyFloatRepr(1)).toBe('1.0');
    expect(pyFloatRepr(1e16)).toBe('1e+16');
    expect(pyFloatRepr(123456.5)).toBe('123456.5');
    expect(pyFloatRepr(0.1 + 0.2)).toBe('0.30000000000000004');
  });
  it('pyCenter follows CPython str.center', () => {
    expect(pyCenter('z', 6)).toBe('  z   ');
    expect(pyCenter('Coef.', 8)).toBe(' Coef.  ');
    expect(pyCenter('[0.025', 7)).toBe(' [0.025');
    expect(pyCenter('ab', 5)).toBe('  ab ');
    expect(pyCenter('abc', 2)).toBe('abc');
  });
  it('formatR follows R format(x, digits)', () => {
    expect(formatR([612.100158024769, 35.0717144509388, 654.940008259961], 5)).toEqual(['612.100', ' 35.072', '654.940']);
    expect(formatR([24.7406579949841, 5.92213765889808, 25.5917957216753], 5)).toEqual(['24.7407', ' 5.9221', '25.5918']);
    expect(formatR([612.100158024769, 35.0717144509388, 654.940008259961], 4)).toEqual(['612.10', ' 35.07', '654.94']);
    expect(formatR([0.716905141000605, 3.7311318423045, 0.302414956247233], 4)).toEqual(['0.7169', '3.7311', '0.3024']);
    expect(formatR([1, 0.066, 0.066, 1], 7, 3)).toEqual(['1.000', '0.066', '0.066', '1.000']);
    expect(formatR([1, -0.5], 7, 2)).toEqual([' 1.00', '-0.50']);
    expect(formatR([123456789, 0.001], 5)).toEqual(['1.2346e+08', '1.0000e-03']);
    expect(formatR([0, 2], 5)).toEqual(['0', '2']);
    expect(formatR([NaN, 1.5], 5)).toEqual(['NaN', '1.5']);
  });
});
