/** `mixedlm compare FIT_A FIT_B`: likelihood-ratio test of two saved fits (refitted from their recorded source). */
import { DataChangedError, InvalidArgumentError } from '../errors.js';
import { dataFingerprint, type DataFingerprint } from '../model/fingerprint.js';
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

/**
 * The model a saved fit was made from, rebuilt from its recorded source, and
 * whether its data still match the saved fingerprint (version 3) or row count
 * (version 2). Changed data throw {@link DataChangedError} unless `allowChanged`
 * (then `changed` holds the message for a warning).
 *
 * @example
 * ```ts
 * const { model, changed } = await savedSourceModel('fit.json', false);
 * ```
 */
export async function savedSourceModel(path: string, allowChanged: boolean): Promise<{ model: MixedLM; reml: boolean; changed: string | null }> {
  const j = readFitJson(path) as unknown as { source?: Source; data?: DataFingerprint; nobs?: unknown };
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
  const model = MixedLM.fromFormula(s.formula, table, o);
  const now = dataFingerprint(model);
  const saved = j.data && typeof j.data.hash === 'string' ? j.data : typeof j.nobs === 'number' ? { rows: j.nobs, hash: null } : null;
  let changed: string | null = null;
  if (saved && (saved.rows !== now.rows || (saved.hash !== null && saved.hash !== now.hash))) {
    const err = new DataChangedError(s.data, { rows: saved.rows, hash: saved.hash ?? '(not saved)' }, { rows: now.rows, hash: saved.hash === null ? '(not compared)' : now.hash }, `fit '${path}'`);
    if (!allowChanged) throw new DataChangedError(err.source, err.saved, err.current, `fit '${path}'; refit it, or pass --allow-changed-data to compare on the current data`);
    changed = err.message;
  }
  return { model, reml: s.reml ?? true, changed };
}

async function refit(path: string, allowChanged: boolean, io: CliIO): Promise<MixedLMResults> {
  const { model, reml, changed } = await savedSourceModel(path, allowChanged);
  if (changed) io.err(`warning [data-changed]: ${changed}\n`);
  return model.fit({ reml });
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
export async function compareCommand(a: string, b: string, o: { json?: boolean; allowChangedData?: boolean }, io: CliIO): Promise<void> {
  const allow = o.allowChangedData ?? false;
  const [ra, rb] = [await refit(a, allow, io), await refit(b, allow, io)];
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
