/** `mixedlm compare FIT_A FIT_B`: likelihood-ratio test of two saved fits (refitted from their recorded source). */
import { InvalidArgumentError } from '../errors.js';
import { readTable } from '../data/read.js';
import { compareModels } from '../model/inference/compare.js';
import { MixedLM } from '../model/mixedlm.js';
import type { FromFormulaOptions } from '../model/from-formula.js';
import type { MixedLMResults } from '../model/results.js';
import type { CliIO } from './io.js';
import { readFitJson } from './predict.js';

interface Source {
  data?: string;
  formula?: string;
  groups?: string | null;
  re_formula?: string | null;
  vc_formula?: Record<string, string> | null;
  missing?: 'none' | 'drop';
  reml?: boolean;
}

async function refit(path: string): Promise<MixedLMResults> {
  const j = readFitJson(path) as unknown as { source?: Source };
  const s = j.source;
  if (!s || typeof s.data !== 'string' || typeof s.formula !== 'string') {
    throw new InvalidArgumentError('FIT', `'${path}' has no 'source' (data and formula): save fits with 'mixedlm fit --json'`);
  }
  const table = await readTable(s.data);
  const o: FromFormulaOptions = {};
  if (s.groups) o.groups = s.groups;
  if (s.re_formula) o.reFormula = s.re_formula;
  if (s.vc_formula) o.vcFormula = s.vc_formula;
  if (s.missing) o.missing = s.missing;
  return MixedLM.fromFormula(s.formula, table, o).fit({ reml: s.reml ?? true });
}

const fmt = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'NaN');

/**
 * Runs `mixedlm compare`: refits both from their recorded source (ML when needed) and prints lme4's anova table.
 *
 * @example
 * ```ts
 * await compareCommand('a.json', 'b.json', { json: true }, processIO());
 * ```
 */
export async function compareCommand(a: string, b: string, o: { json?: boolean }, io: CliIO): Promise<void> {
  const [ra, rb] = [await refit(a), await refit(b)];
  const c = compareModels(ra, rb, { names: [a, b] });
  if (o.json) {
    io.out(`${JSON.stringify({ statistic: c.statistic, df: c.df, p_value: Number.isFinite(c.pValue) ? c.pValue : null, refitted: c.refitted, table: c.table }, null, 1)}\n`);
    return;
  }
  if (c.refitted.length > 0) io.out(`refitting model(s) with ML (instead of REML): ${c.refitted.join(', ')}\n`);
  const rows = c.table.map((r, i) => [r.name, String(r.nPar), fmt(r.aic), fmt(r.bic), fmt(r.logLik), fmt(r.deviance), i === 1 ? fmt(c.statistic, 4) : '', i === 1 ? String(c.df) : '', i === 1 ? c.pValue.toPrecision(4) : '']);
  const head = ['', 'npar', 'AIC', 'BIC', 'logLik', 'deviance', 'Chisq', 'Df', 'Pr(>Chisq)'];
  const all = [head, ...rows];
  const w = head.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
  for (const r of all) io.out(`${r.map((s, j) => (j === 0 ? s.padEnd(w[j]!) : s.padStart(w[j]!))).join(' ')}\n`);
}
