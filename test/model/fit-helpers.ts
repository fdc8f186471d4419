/** Test helpers for the MixedLM suites: a tiny CSV reader and the reference models. */
import { REFERENCE_DIR } from '../paths.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CsrMatrix } from '../../src/sparse/csr.js';
import { MixedLM, VCSpec } from '../../src/model/index.js';
import type { MixedLMOptions } from '../../src/model/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DATA = join(HERE, '..', '..', 'data');
export const REF = REFERENCE_DIR;

/** Read a simple CSV (quoted strings, no embedded commas) into columns. */
export function readCsv(name: string, maxRows = Infinity): Record<string, string[]> {
  const lines = readFileSync(join(DATA, name), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const head = lines[0]!.split(',').map((s) => s.replace(/"/g, ''));
  const cols: Record<string, string[]> = {};
  for (const h of head) cols[h] = [];
  for (let i = 1; i < lines.length && i <= maxRows; i++) {
    const f = lines[i]!.split(',');
    head.forEach((h, j) => cols[h]!.push(f[j]!.replace(/"/g, '')));
  }
  return cols;
}

export function loadJson(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(REF, name), 'utf8').replace(/\bNaN\b/g, 'null'));
}

/** CSR indicator matrix of `levels` (sorted unique) for the given values. */
export function indicator(values: string[], levels: string[]): CsrMatrix {
  const ix = new Map(levels.map((l, i) => [l, i]));
  const n = values.length;
  const rp = new Int32Array(n + 1);
  const ci = new Int32Array(n);
  const vv = new Float64Array(n).fill(1);
  values.forEach((v, i) => {
    ci[i] = ix.get(v)!;
    rp[i + 1] = i + 1;
  });
  return new CsrMatrix(n, levels.length, rp, ci, vv);
}

const uniqSorted = (a: string[]): string[] => [...new Set(a)].sort();

export function sleepstudy(opts: MixedLMOptions = {}): MixedLM {
  const d = readCsv('sleepstudy.csv');
  const y = d.Reaction!.map(Number);
  const days = d.Days!.map(Number);
  return new MixedLM(y, days.map((x) => [1, x]), d.Subject!, {
    exogRe: days.map((x) => [1, x]),
    exogNames: ['Intercept', 'Days'],
    exogReNames: ['Subject', 'Days'],
    endogName: 'Reaction',
    ...opts,
  });
}

export function dyestuff(opts: MixedLMOptions = {}): MixedLM {
  const d = readCsv('Dyestuff.csv');
  const y = d.Yield!.map(Number);
  return new MixedLM(y, y.map(() => [1]), d.Batch!, { exogNames: ['Intercept'], exogReNames: ['Batch'], endogName: 'Yield', ...opts });
}

export function penicillin(opts: MixedLMOptions = {}): MixedLM {
  const d = readCsv('Penicillin.csv');
  const y = d.diameter!.map(Number);
  const pl = uniqSorted(d.plate!);
  const sa = uniqSorted(d.sample!);
  const vc = new VCSpec(
    ['plate', 'sample'],
    [[pl.map((l) => `C(plate)[${l}]`)], [sa.map((l) => `C(sample)[${l}]`)]],
    [[indicator(d.plate!, pl)], [indicator(d.sample!, sa)]],
  );
  return new MixedLM(y, y.map(() => [1]), y.map(() => 1), { exogVc: vc, exogNames: ['Intercept'], endogName: 'diameter', ...opts });
}

export function pastes(opts: MixedLMOptions = {}): MixedLM {
  const d = readCsv('Pastes.csv');
  const y = d.strength!.map(Number);
  const batches = uniqSorted(d.batch!);
  const mats: number[][][] = [];
  const cn: string[][] = [];
  for (const b of batches) {
    const rows = d.batch!.map((x, i) => (x === b ? i : -1)).filter((i) => i >= 0);
    const casks = uniqSorted(rows.map((i) => d.cask![i]!));
    mats.push(rows.map((i) => casks.map((c) => (d.cask![i] === c ? 1 : 0))));
    cn.push(casks.map((c) => `C(cask)[${c}]`));
  }
  return new MixedLM(y, y.map(() => [1]), d.batch!, {
    exogRe: y.map(() => [1]),
    exogVc: new VCSpec(['cask'], [cn], [mats]),
    exogNames: ['Intercept'],
    exogReNames: ['batch'],
    endogName: 'strength',
    ...opts,
  });
}

export function insteval10k(opts: MixedLMOptions = {}): MixedLM {
  const d = readCsv('InstEval.csv', 10000);
  const y = d.y!.map(Number);
  const X = d.service!.map((s) => [1, Number(s)]);
  const mk = (col: string[]): CsrMatrix => indicator(col, [...new Set(col)].sort((a, b) => Number(a) - Number(b)));
  const vc = new VCSpec(
    ['d', 'dept', 's'],
    [[[]], [[]], [[]]],
    [[mk(d.d!)], [mk(d.dept!)], [mk(d.s!)]],
  );
  return new MixedLM(y, X, y.map(() => 1), { exogVc: vc, exogNames: ['(Intercept)', 'service1'], endogName: 'y', ...opts });
}

export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
