/** The fitting worker: data file bytes → table → formula model → fit → summary, tables and plots. */
import { DataError, FormulaError, InvalidArgumentError, MixedLM, MixedLMError, formatVarCorr, useBrowserDenseThreads, plotBootstrap, plotCaterpillar, plotProfile, plotResiduals, readTable, varCorrTerms } from '../../src/index.js';
import { parseVcText } from './vc.js';
import type { FromFormulaOptions, MixedLMResults } from '../../src/index.js';
import type { Field, Reply, Request } from './protocol.js';

/** The worker's global scope (typed narrowly: the page's tsconfig has the DOM library, not WebWorker). */
const scope = self as unknown as { postMessage(m: Reply): void; onmessage: ((ev: MessageEvent<Request>) => void) | null };

let last: MixedLMResults | null = null;

const post = (m: Reply): void => scope.postMessage(m);

/**
 * The text the CLI prints for an error (`error: message`) and the input it belongs to: the data for
 * CSV problems, the fit for optimizer failures; while building the model, the input naming the
 * column or option at fault (a missing column is the formula's or the groups' fault).
 */
function describe(e: unknown, stage: 'data' | 'model' | 'fit', req?: Extract<Request, { type: 'fit' }>): { field: Field; message: string } {
  const message = `error: ${e instanceof Error ? e.message : String(e)}`;
  if (stage === 'data') return { field: 'data', message };
  if (stage === 'fit') return { field: 'fit', message };
  if (e instanceof InvalidArgumentError && (e.argument === 'groups' || e.argument === 'reFormula')) return { field: e.argument, message };
  if (e instanceof InvalidArgumentError && (e.argument === 'vcFormula' || e.argument.startsWith('vcFormula.'))) return { field: 'vcFormula', message };
  if (e instanceof DataError) {
    const col = e.column;
    const names = (text: string | undefined): boolean => col !== undefined && text !== undefined && new RegExp(`(^|[^A-Za-z0-9_.])${col.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_.])`).test(text);
    if (col !== undefined && req?.groups === col) return { field: 'groups', message };
    if (names(req?.reFormula) && !names(req?.formula)) return { field: 'reFormula', message };
    if (names(req?.vcFormula) && !names(req?.formula)) return { field: 'vcFormula', message };
    if (names(req?.formula)) return { field: 'formula', message };
    return { field: 'data', message };
  }
  if (e instanceof FormulaError && req?.vcFormula?.includes(e.formula) && !req.formula.includes(e.formula)) return { field: 'vcFormula', message };
  if (e instanceof FormulaError || e instanceof MixedLMError) return { field: 'formula', message };
  return { field: 'formula', message };
}

// the WebAssembly dense kernels (a bundle of MixedLM alone has only the JavaScript ones): on two threads when
// the page is cross-origin isolated (served with COOP/COEP), else on this one
const threadsReady = useBrowserDenseThreads().catch(() => 1);

async function fit(req: Extract<Request, { type: 'fit' }>): Promise<void> {
  await threadsReady;
  last = null;
  const t0 = performance.now();
  let stage: 'data' | 'model' | 'fit' = 'data';
  try {
    post({ type: 'progress', evaluations: 0, objective: NaN, elapsedSeconds: 0, stage: 'reading the data' });
    const table = await readTable(new Uint8Array(req.bytes), { name: req.dataName });
    stage = 'model';
    const o: FromFormulaOptions = {};
    if (req.groups) o.groups = req.groups;
    if (req.reFormula) o.reFormula = req.reFormula;
    const vc = req.vcFormula ? parseVcText(req.vcFormula) : undefined;
    if (vc) o.vcFormula = vc;
    const model = MixedLM.fromFormula(req.formula, table, o);
    stage = 'fit';
    let lastPost = 0;
    const r = model.fit({
      reml: req.reml,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastPost < 100) return;
        lastPost = now;
        post({ type: 'progress', evaluations: p.evaluations, objective: p.objective, elapsedSeconds: p.elapsedSeconds, stage: 'fitting' });
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    post({ type: 'progress', evaluations: 0, objective: r.llf, elapsedSeconds: seconds, stage: 'drawing' });
    last = r;
    const source = { data: req.dataName, formula: req.formula, groups: req.groups ?? null, re_formula: req.reFormula ?? null, vc_formula: vc ?? null, missing: 'none', reml: req.reml };
    post({
      type: 'fitted',
      numbers: {
        feNames: model.exogNames.slice(),
        feParams: r.feParams.slice(),
        bseFe: r.bseFe,
        llf: r.llf,
        scale: r.scale,
        nobs: r.nobs,
        nGroups: r.nGroups,
        method: r.method,
        converged: r.converged,
        varcorr: r.varCorr(),
      },
      summary: r.summary(),
      varcorrText: formatVarCorr(varCorrTerms(r), r.scale),
      caterpillar: plotCaterpillar(r),
      residuals: plotResiduals(r, { idPrefix: 'res' }),
      json: `${JSON.stringify({ ...r.toJSON(), fit_seconds: seconds, source }, null, 1)}\n`,
      seconds,
      warnings: r.warnings.map((w) => `warning: ${w.message}`),
    });
  } catch (e) {
    post({ type: 'error', ...describe(e, stage, req) });
  }
}

function plot(req: Extract<Request, { type: 'plot' }>): void {
  if (!last) {
    post({ type: 'error', field: 'fit', message: 'error: fit a model first' });
    return;
  }
  const t0 = performance.now();
  try {
    post({ type: 'progress', evaluations: 0, objective: NaN, elapsedSeconds: 0, stage: req.kind === 'profile' ? 'profiling' : 'bootstrapping' });
    const svg = req.kind === 'profile' ? plotProfile(last, { idPrefix: 'prof' }) : plotBootstrap(last.bootstrap(req.nBoot ?? 200, { seed: req.seed ?? 0 }));
    post({ type: 'plot', kind: req.kind, svg, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    post({ type: 'error', ...describe(e, 'fit') });
  }
}

scope.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  if (req.type === 'fit') void fit(req);
  else plot(req);
};
