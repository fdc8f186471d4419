/** The page: choose or drop a data file (CSV, TSV, Parquet, Arrow), type a formula, fit in a worker, show the summary, tables and plots. */
import type { Field, FitNumbers, Reply, Request } from './protocol.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page is missing #${id}`);
  return e as T;
};

const FIELDS: Field[] = ['data', 'formula', 'groups', 'reFormula', 'vcFormula', 'fit'];
/** The statsmodels-dialect inputs (also link parameters). */
const SM_INPUTS = ['groups', 'reFormula', 'vcFormula'] as const;
let bytes: ArrayBuffer | null = null;
let dataName = '';
let dataUrl: string | null = null;
let worker: Worker | null = null;
let downloadUrl: string | null = null;

/** Page state for people and tests: idle, loading, fitting, done, error, cancelled. */
function setState(s: string): void {
  document.body.dataset.state = s;
  const busy = s === 'fitting' || s === 'loading' || s === 'plotting';
  $<HTMLButtonElement>('fit-button').disabled = busy;
  $<HTMLButtonElement>('cancel-button').disabled = !busy;
  for (const id of ['profile-button', 'bootstrap-button']) $<HTMLButtonElement>(id).disabled = busy;
}

function clearErrors(): void {
  for (const f of FIELDS) $(`${f}-error`).textContent = '';
}

function showError(field: Field, message: string): void {
  $(`${field}-error`).textContent = message;
  setState('error');
  $('progress').textContent = '';
}

/** The binary formats by their leading bytes (the worker's reader decides the same way when the name does not). */
function binaryKind(b: Uint8Array): string | null {
  const head = String.fromCharCode(...b.subarray(0, 6));
  if (head.startsWith('PAR1')) return 'Parquet';
  if (head === 'ARROW1' || (b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff)) return 'Arrow';
  return null;
}

function setData(buf: ArrayBuffer, name: string, url: string | null): void {
  bytes = buf;
  dataName = name;
  dataUrl = url;
  const b = new Uint8Array(buf);
  const kind = binaryKind(b);
  if (kind) $('data-info').textContent = `${name}: ${kind}, ${Math.ceil(b.length / 1024).toLocaleString('en-US')} KB`;
  else {
    const text = new TextDecoder().decode(b);
    const lines = text.length === 0 ? 0 : text.split('\n').filter((l) => l.trim().length > 0).length;
    $('data-info').textContent = `${name}: ${Math.max(0, lines - 1).toLocaleString('en-US')} rows`;
  }
  $('data-error').textContent = '';
}

async function readFile(f: File): Promise<void> {
  try {
    setData(await f.arrayBuffer(), f.name, null);
  } catch (e) {
    showError('data', `error: cannot read '${f.name}': ${(e as Error).message}`);
  }
}

function newWorker(): Worker {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  w.onmessage = (ev: MessageEvent<Reply>) => onReply(ev.data);
  w.onerror = (ev) => {
    ev.preventDefault();
    showError('fit', `error: ${ev.message || 'the fitting worker failed'}`);
  };
  return w;
}

function send(req: Request): void {
  if (!worker) worker = newWorker();
  worker.postMessage(req);
}

function fitNow(): void {
  clearErrors();
  if (bytes === null) {
    showError('data', 'error: choose or drop a data file first');
    return;
  }
  const formula = $<HTMLInputElement>('formula').value.trim();
  const sm: Partial<Record<(typeof SM_INPUTS)[number], string>> = {};
  for (const k of SM_INPUTS) {
    const v = $<HTMLInputElement>(k).value.trim();
    if (v) sm[k] = v;
  }
  $('results').hidden = true;
  setState('fitting');
  $('progress').textContent = 'starting…';
  send({ type: 'fit', bytes, dataName, formula, ...sm, reml: !$<HTMLInputElement>('ml').checked });
}

function cancel(): void {
  if (worker) worker.terminate();
  worker = null;
  setState('cancelled');
  $('progress').textContent = 'cancelled';
}

const fmt = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : 'NaN');

function cell(row: HTMLTableRowElement, text: string, value?: number): void {
  const td = row.insertCell();
  td.textContent = text;
  if (value !== undefined) td.dataset.value = String(value);
}

function showNumbers(n: FitNumbers): void {
  const vb = $<HTMLTableElement>('varcorr').tBodies[0]!;
  vb.replaceChildren();
  for (const v of n.varcorr) {
    const tr = vb.insertRow();
    tr.dataset.grp = v.grp;
    tr.dataset.var1 = v.var1 ?? '';
    tr.dataset.var2 = v.var2 ?? '';
    const cov = v.var2 !== null;
    cell(tr, v.grp);
    cell(tr, cov ? `${v.var1} × ${v.var2}` : v.var1 ?? '');
    cell(tr, cov ? '' : fmt(v.vcov), v.vcov);
    cell(tr, cov ? '' : fmt(v.sdcor), v.sdcor);
    cell(tr, cov ? fmt(v.sdcor, 3) : '');
  }
  const fb = $<HTMLTableElement>('fixef').tBodies[0]!;
  fb.replaceChildren();
  n.feNames.forEach((nm, j) => {
    const tr = fb.insertRow();
    tr.dataset.name = nm;
    cell(tr, nm);
    cell(tr, fmt(n.feParams[j]!), n.feParams[j]!);
    cell(tr, fmt(n.bseFe[j]!), n.bseFe[j]!);
  });
  $('loglik').textContent = fmt(n.llf);
  $('loglik').dataset.value = String(n.llf);
  $('scale').textContent = fmt(n.scale);
  $('scale').dataset.value = String(n.scale);
  $('method').textContent = n.method;
  $('nobs').textContent = n.nobs.toLocaleString('en-US');
}

function shareLink(): string {
  const u = new URL(location.href);
  u.search = '';
  if (dataUrl) u.searchParams.set('data', dataUrl);
  u.searchParams.set('formula', $<HTMLInputElement>('formula').value.trim());
  for (const k of SM_INPUTS) {
    const v = $<HTMLInputElement>(k).value.trim();
    if (v) u.searchParams.set(k, v);
  }
  if ($<HTMLInputElement>('ml').checked) u.searchParams.set('ml', '1');
  return u.toString();
}

function onReply(m: Reply): void {
  if (m.type === 'progress') {
    const llf = Number.isFinite(m.objective) ? `, log-likelihood ${m.objective.toFixed(4)}` : '';
    $('progress').textContent = m.stage === 'fitting' ? `fitting: ${m.evaluations} evaluations${llf}, ${m.elapsedSeconds.toFixed(1)} s` : `${m.stage}…`;
    return;
  }
  if (m.type === 'error') {
    showError(m.field, m.message);
    return;
  }
  if (m.type === 'plot') {
    $('extra-plot').innerHTML = m.svg;
    $('extra-plot').dataset.kind = m.kind;
    $('progress').textContent = `${m.kind} drawn in ${m.seconds.toFixed(1)} s`;
    setState('done');
    return;
  }
  showNumbers(m.numbers);
  $('summary').textContent = `${m.summary.replace(/\s*$/, '')}\n\nRandom effects (lme4 VarCorr):\n${m.varcorrText}`;
  $('warnings').replaceChildren(
    ...m.warnings.map((w) => {
      const p = document.createElement('p');
      p.className = 'warning';
      p.textContent = w;
      return p;
    }),
  );
  $('caterpillar').innerHTML = m.caterpillar;
  $('residuals').innerHTML = m.residuals;
  $('extra-plot').replaceChildren();
  delete $('extra-plot').dataset.kind;
  $('seconds').textContent = m.seconds.toFixed(2);
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([m.json], { type: 'application/json' }));
  $<HTMLAnchorElement>('download').href = downloadUrl;
  $<HTMLAnchorElement>('share').href = shareLink();
  $('share').hidden = dataUrl === null;
  $('results').hidden = false;
  $('progress').textContent = `fitted in ${m.seconds.toFixed(2)} s`;
  setState('done');
}

async function loadFromUrl(url: string): Promise<boolean> {
  setState('loading');
  $('progress').textContent = `loading ${url}…`;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    setData(await res.arrayBuffer(), decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || url), url);
    return true;
  } catch (e) {
    showError('data', `error: cannot read '${url}': ${(e as Error).message}`);
    return false;
  }
}

function init(): void {
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void readFile(f);
  });
  $<HTMLInputElement>('file').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void readFile(f);
  });
  $('model-form').addEventListener('submit', (e) => {
    e.preventDefault();
    fitNow();
  });
  $('cancel-button').addEventListener('click', cancel);
  $('profile-button').addEventListener('click', () => {
    setState('plotting');
    send({ type: 'plot', kind: 'profile' });
  });
  $('bootstrap-button').addEventListener('click', () => {
    setState('plotting');
    send({ type: 'plot', kind: 'bootstrap', nBoot: 200, seed: 0 });
  });
  setState('idle');
  const q = new URLSearchParams(location.search);
  for (const k of ['formula', ...SM_INPUTS]) {
    const v = q.get(k);
    if (v !== null) $<HTMLInputElement>(k).value = v;
  }
  if (SM_INPUTS.some((k) => q.get(k))) $<HTMLDetailsElement>('sm-options').open = true;
  if (q.get('ml') === '1') $<HTMLInputElement>('ml').checked = true;
  const data = q.get('data');
  if (data) {
    void loadFromUrl(data).then((ok) => {
      if (ok && q.get('formula')) fitNow();
      else if (ok) setState('idle');
    });
  }
}

init();
