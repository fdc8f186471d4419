/** `mixedlm plot FIT [DATA] --kind K -o out.svg`: plots of a saved fit (refitted from its data when the kind needs the model). */
import { existsSync, writeFileSync } from 'node:fs';
import { DataError, InvalidArgumentError } from '../errors.js';
import { readTable } from '../data/read.js';
import type { FitJSON } from '../model/formula-results.js';
import type { FromFormulaOptions } from '../model/from-formula.js';
import { MixedLM } from '../model/mixedlm.js';
import type { MixedLMResults } from '../model/results.js';
import { plotBootstrap, plotCaterpillar, plotProfile, plotResiduals } from '../plot/index.js';
import type { CliIO } from './io.js';
import { PLOT_KINDS } from './plot-kinds.js';
import type { Source } from './compare.js';
import { readFitJson } from './predict.js';

export { PLOT_KINDS } from './plot-kinds.js';

/**
 * Parsed options of `mixedlm plot`.
 *
 * @example
 * ```ts
 * const o: PlotCommandOptions = { kind: 'caterpillar', output: 'ranef.svg' };
 * ```
 */
export interface PlotCommandOptions {
  kind: string;
  output?: string;
  level?: string;
  nboot?: string;
  seed?: string;
  width?: string;
}


function numberOption(name: string, text: string | undefined, fallback: number, ok: (v: number) => boolean, expected: string): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || !ok(v)) throw new InvalidArgumentError(name, `expected ${expected}, got '${text}'`);
  return v;
}

/**
 * Refits the saved model: formula and options from the fit's `source` (written by `fit --save`) or its
 * `model` description, data from `dataPath` or the recorded `source.data`; the refit must reproduce
 * the saved log-likelihood (relative 1e-6), else the data are not the fit's.
 *
 * @example
 * ```ts
 * const fit = await refitSaved(readFitJson('fit.json'), 'fit.json', 'sleepstudy.csv', 'residuals');
 * ```
 */
export async function refitSaved(saved: FitJSON, fitPath: string, dataPath: string | undefined, kind: string): Promise<MixedLMResults> {
  const src = (saved as unknown as { source?: Source }).source;
  const m = saved.model;
  const formula = src?.formula ?? m?.formula;
  if (typeof formula !== 'string') {
    throw new InvalidArgumentError('FIT', `plot --kind ${kind} needs the model, but '${fitPath}' records no formula (neither 'source' nor 'model'): save the fit with 'mixedlm fit DATA --formula F --save fit.json'`);
  }
  const data = dataPath ?? src?.data;
  if (typeof data !== 'string') {
    throw new InvalidArgumentError('DATA', `plot --kind ${kind} needs the model's data, and '${fitPath}' records no data file: pass it, e.g. mixedlm plot ${fitPath} DATA.csv --kind ${kind}`);
  }
  if (dataPath === undefined && !existsSync(data)) {
    throw new DataError(`plot --kind ${kind} needs the model's data: the file recorded in '${fitPath}' ('${data}') does not exist; pass the data file: mixedlm plot ${fitPath} DATA.csv --kind ${kind}`, { row: -1 });
  }
  const table = await readTable(data);
  const o: FromFormulaOptions = {};
  const groups = src ? src.groups : m?.groups;
  const reFormula = src ? src.re_formula : m?.reFormula;
  const vcFormula = src ? src.vc_formula : m?.vcFormula;
  if (groups) o.groups = groups;
  if (reFormula) o.reFormula = reFormula;
  if (vcFormula) o.vcFormula = vcFormula;
  const missing = src?.missing ?? (m && m.nDropped > 0 ? 'drop' : undefined);
  if (missing) o.missing = missing;
  const reml = src?.reml ?? saved.method !== 'ML';
  const fit = MixedLM.fromFormula(formula, table, o).fit({ reml });
  const llf = saved.llf;
  if (typeof llf === 'number' && !(Math.abs(fit.llf - llf) <= 1e-6 * Math.max(1, Math.abs(llf)))) {
    throw new DataError(`'${data}' does not reproduce the fit saved in '${fitPath}': log-likelihood ${fit.llf} after refitting, ${llf} saved`, { row: -1 });
  }
  return fit;
}

/**
 * Runs `mixedlm plot`: writes the SVG to `--output` (or stdout). `caterpillar` draws from the saved
 * conditional modes and variances; `profile`, `residuals` and `bootstrap` refit the model from the data.
 *
 * @example
 * ```ts
 * await plotCommand('fit.json', undefined, { kind: 'caterpillar', output: 'ranef.svg' }, processIO());
 * ```
 */
export async function plotCommand(fitPath: string, dataPath: string | undefined, o: PlotCommandOptions, io: CliIO): Promise<void> {
  const kind = o.kind;
  if (!(PLOT_KINDS as readonly string[]).includes(kind)) throw new InvalidArgumentError('--kind', `expected one of ${PLOT_KINDS.join(', ')}, got '${kind}'`);
  if (o.output !== undefined && !/\.svg$/i.test(o.output)) throw new InvalidArgumentError('--output', `only SVG is written (no well-kept pure-JavaScript rasterizer for PNG): expected a .svg file, got '${o.output}'`);
  const level = numberOption('--level', o.level, 0.95, (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const width = numberOption('--width', o.width, 640, (v) => v >= 200 && v <= 10000, 'a width in px between 200 and 10000');
  const saved = readFitJson(fitPath);
  if (!saved || typeof saved !== 'object' || saved.format !== 'mixedlm-fit') throw new InvalidArgumentError('FIT', `'${fitPath}' is not a saved mixedlm fit (write one with 'mixedlm fit DATA --formula F --save fit.json'; fit --json prints the results only)`);
  let svg: string;
  if (kind === 'caterpillar') {
    const effects = saved.model?.effects;
    if (effects && effects.every((e) => e.condvar !== undefined)) svg = plotCaterpillar(effects, { level, width });
    else if (dataPath !== undefined || (saved as unknown as { source?: Source }).source?.data !== undefined) {
      io.err(`${fitPath} has no conditional variances: refitting from the data\n`);
      svg = plotCaterpillar(await refitSaved(saved, fitPath, dataPath, kind), { level, width });
    } else if (effects) {
      io.err(`warning: ${fitPath} has no conditional variances and no data file: intervals omitted (pass the data file to refit)\n`);
      svg = plotCaterpillar(effects, { level, width });
    } else throw new InvalidArgumentError('FIT', `'${fitPath}' has no conditional modes (not a formula model): pass the data file to refit`);
  } else {
    const fit = await refitSaved(saved, fitPath, dataPath, kind);
    if (kind === 'residuals') svg = plotResiduals(fit, { width });
    else if (kind === 'profile') svg = plotProfile(fit, { level, width });
    else {
      const nBoot = numberOption('--nboot', o.nboot, 200, (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2');
      const seed = numberOption('--seed', o.seed, 0, (v) => Number.isInteger(v), 'an integer');
      svg = plotBootstrap(fit.bootstrap(nBoot, { seed, level }), { width });
    }
  }
  if (o.output) writeFileSync(o.output, svg);
  else io.out(svg);
}
