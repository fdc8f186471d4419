/// <reference lib="dom" />
/**
 * The web page in a real headless Chromium (Debian's `chromium`, driven by puppeteer-core): fits from
 * `?data=…&formula=…` agree with Node's, cancel stops the worker, every plot kind renders, and bad input
 * shows the CLI's message next to the input that caused it. Builds web/dist itself.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { readTableSync } from '../../src/data/read.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import type { FromFormulaOptions } from '../../src/model/from-formula.js';
import { REPO_ROOT } from '../paths.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = join(REPO_ROOT, 'web', 'dist');
const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-browser-'));
const DATA = join(TMP, 'data');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.csv': 'text/csv; charset=utf-8', '.map': 'application/json', '.json': 'application/json' };

let server: Server | undefined;
let base = '';
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

/** A static server on 127.0.0.1 (port 0): web/dist at /, the test data at /data/. */
function serve(): Promise<string> {
  const s = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [root, rel] = path.startsWith('/data/') ? [DATA, path.slice(6)] : [DIST, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  server = s;
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO_ROOT, 'web', 'build.mjs')], { stdio: 'pipe' });
  mkdirSync(DATA, { recursive: true });
  for (const f of ['sleepstudy.csv', 'Penicillin.csv', 'InstEval.csv', 'Pastes.csv']) copyFileSync(join(REPO_ROOT, 'data', f), join(DATA, f));
  // the same sleepstudy as TSV and as Parquet (what the page accepts besides CSV)
  const sleep = readTableSync(join(DATA, 'sleepstudy.csv'));
  const subj = Array.from(sleep.column('Subject').values as string[]);
  writeFileSync(join(DATA, 'sleepstudy.tsv'), `Reaction\tDays\tSubject\n${subj.map((s, i) => `${sleep.numeric('Reaction')[i]}\t${sleep.numeric('Days')[i]}\t${s}`).join('\n')}\n`);
  writeFileSync(join(DATA, 'sleepstudy.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [
    { name: 'Reaction', data: Float64Array.from(sleep.numeric('Reaction')), type: 'DOUBLE' },
    { name: 'Days', data: Int32Array.from(sleep.numeric('Days')), type: 'INT32' },
    { name: 'Subject', data: subj, type: 'STRING' },
  ] })));
  writeFileSync(join(DATA, 'bad.csv'), 'a,b\n1,"2\n3,4\n');
  writeFileSync(join(DATA, 'const.csv'), 'y,g\n1,a\n1,a\n1,b\n1,b\n'); // constant response: the optimizer cannot start
  // fits, at the boundary: the group means are equal, so the g variance is 0 (a singular fit, lme4's isSingular)
  writeFileSync(join(DATA, 'two.csv'), 'y,g\n1,a\n3,a\n1,b\n3,b\n');
  base = await serve();
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: mkdtempSync(join(TMP, 'profile-')),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (e) {
    throw new Error(`Chromium (${CHROMIUM}) could not start: ${(e as Error).message}`);
  }
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${(e as Error).message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(TMP, { recursive: true, force: true });
});

afterEach(() => {
  // no uncaught errors, console errors or failed requests (the 404 a test asks for is logged by Chromium: filtered)
  const real = pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));
  pageErrors.length = 0;
  expect(real).toEqual([]);
});

const url = (q: Record<string, string>): string => `${base}/?${new URLSearchParams(q).toString()}`;

async function settle(timeout = 180_000): Promise<string> {
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.state ?? ''), { timeout });
  return page.$eval('body', (b) => b.dataset.state ?? '');
}

async function fitOnPage(q: Record<string, string>): Promise<void> {
  await page.goto(url(q));
  const state = await settle();
  if (state !== 'done') {
    const errs = await page.$$eval('.error', (es) => es.map((e) => e.textContent).filter(Boolean));
    expect.fail(`page ended in state ${state}: ${errs.join(' | ')}`);
  }
}

/** Numbers shown on the page (full precision from data-value). */
async function pageNumbers(): Promise<{ fe: Record<string, [number, number]>; vc: Record<string, [number, number]>; llf: number; scale: number }> {
  return page.evaluate(() => {
    const fe: Record<string, [number, number]> = {};
    for (const tr of Array.from(document.querySelectorAll<HTMLTableRowElement>('#fixef tbody tr'))) fe[tr.dataset.name!] = [Number(tr.cells[1]!.dataset.value), Number(tr.cells[2]!.dataset.value)];
    const vc: Record<string, [number, number]> = {};
    for (const tr of Array.from(document.querySelectorAll<HTMLTableRowElement>('#varcorr tbody tr'))) vc[`${tr.dataset.grp}|${tr.dataset.var1}|${tr.dataset.var2}`] = [Number(tr.cells[2]!.dataset.value), Number(tr.cells[3]!.dataset.value)];
    return { fe, vc, llf: Number(document.getElementById('loglik')!.dataset.value), scale: Number(document.getElementById('scale')!.dataset.value) };
  });
}

/** Same model in Node; the page's numbers must agree to 1e-10 relative (same engine and arithmetic; V8's Math is the same fdlibm port in both). */
async function expectSameAsNode(file: string, formula: string, o: FromFormulaOptions = {}): Promise<void> {
  const r = MixedLM.fromFormula(formula, readTableSync(join(DATA, file)), o).fit();
  const got = await pageNumbers();
  const close = (a: number, b: number): void => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(b)));
  const bse = r.bseFe;
  r.model.exogNames.forEach((nm, j) => {
    close(got.fe[nm]![0], r.feParams[j]!);
    close(got.fe[nm]![1], bse[j]!);
  });
  const vc = r.varCorr();
  expect(Object.keys(got.vc)).toHaveLength(vc.length);
  for (const v of vc) {
    const row = got.vc[`${v.grp}|${v.var1 ?? ''}|${v.var2 ?? ''}`]!;
    expect(row, `${v.grp} ${v.var1} ${v.var2}`).toBeDefined();
    close(row[0], v.vcov);
    close(row[1], v.sdcor);
  }
  close(got.llf, r.llf);
  close(got.scale, r.scale);
}

/** What the CLI prints on stderr for `fit DATA --formula F [...]`, without the trailing newline, the path shown as the file name. */
async function cliError(file: string, formula: string, extra: string[] = []): Promise<string> {
  const io = memoryIO();
  const code = await main(['fit', join(DATA, file), '--formula', formula, ...extra], io);
  expect(code).toBe(1);
  return io.stderr.replace(/\n$/, '').split(join(DATA, file)).join(file);
}

describe('web page in headless Chromium', () => {
  it('sleepstudy from ?data=…&formula=…: numbers equal Node, caterpillar with 18 rows, residual plot', async () => {
    const formula = 'Reaction ~ Days + (Days | Subject)';
    await fitOnPage({ data: '/data/sleepstudy.csv', formula });
    await expectSameAsNode('sleepstudy.csv', formula);
    expect(await page.$eval('#summary', (e) => e.textContent)).toContain('Mixed Linear Model Regression Results');
    expect(await page.$$eval('#caterpillar svg g.row', (g) => g.length)).toBe(18);
    expect(await page.$eval('#caterpillar svg', (s) => (s as SVGSVGElement).getBBox().height)).toBeGreaterThan(100);
    expect(await page.$$eval('#residuals svg g.panel', (g) => g.length)).toBe(4);
    // the download is the saved-fit JSON that `mixedlm plot` reads
    const json = await page.$eval('#download', async (a) => (await fetch((a as HTMLAnchorElement).href)).text());
    const saved = JSON.parse(json);
    expect(saved.format).toBe('mixedlm-fit');
    expect(saved.source.formula).toBe(formula);
    expect(saved.model.effects[0].condvar).toHaveLength(18);
  });

  it('Penicillin (crossed): numbers equal Node, both terms drawn', async () => {
    const formula = 'diameter ~ 1 + (1 | plate) + (1 | sample)';
    await fitOnPage({ data: '/data/Penicillin.csv', formula });
    await expectSameAsNode('Penicillin.csv', formula);
    expect(await page.$$eval('#caterpillar svg g.term', (g) => g.map((t) => `${t.getAttribute('data-term')}:${t.querySelectorAll('g.row').length}`).sort())).toEqual(['plate:24', 'sample:6']);
  });

  it('statsmodels dialect (groups, reFormula in the link) equals Node', async () => {
    await fitOnPage({ data: '/data/sleepstudy.csv', formula: 'Reaction ~ Days', groups: 'Subject', reFormula: '~Days' });
    await expectSameAsNode('sleepstudy.csv', 'Reaction ~ Days', { groups: 'Subject', reFormula: '~Days' });
  });

  it('statsmodels variance components (vcFormula in the link) equal Node, and the link to the fit carries them', async () => {
    const q = { data: '/data/Pastes.csv', formula: 'strength ~ 1', groups: 'batch', reFormula: '1', vcFormula: 'cask=0 + C(cask)' };
    await fitOnPage(q);
    await expectSameAsNode('Pastes.csv', 'strength ~ 1', { groups: 'batch', reFormula: '1', vcFormula: { cask: '0 + C(cask)' } });
    const share = new URL(await page.$eval('#share', (a) => (a as HTMLAnchorElement).href));
    expect(share.searchParams.get('vcFormula')).toBe('cask=0 + C(cask)');
    expect(await page.$eval('#sm-options', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    // typed into the input: two components; the saved JSON records them as the CLI's vc_formula
    await page.goto(`${base}/?data=/data/Pastes.csv`);
    await page.waitForFunction(() => (document.getElementById('data-info')?.textContent ?? '').startsWith('Pastes.csv'));
    await page.$eval('#sm-options', (d) => void ((d as HTMLDetailsElement).open = true));
    await page.type('#formula', 'strength ~ 1');
    await page.type('#groups', 'batch');
    await page.type('#reFormula', '0');
    await page.type('#vcFormula', 'cask=0 + C(cask); one=1');
    await page.click('#fit-button');
    expect(await settle()).toBe('done');
    await expectSameAsNode('Pastes.csv', 'strength ~ 1', { groups: 'batch', reFormula: '0', vcFormula: { cask: '0 + C(cask)', one: '1' } });
    const json = await page.$eval('#download', async (a) => (await fetch((a as HTMLAnchorElement).href)).json());
    expect(json.source.vc_formula).toEqual({ cask: '0 + C(cask)', one: '1' });
  });

  it('TSV and Parquet files fit to the same numbers as the CSV', async () => {
    for (const f of ['sleepstudy.tsv', 'sleepstudy.parquet']) {
      await fitOnPage({ data: `/data/${f}`, formula: 'Reaction ~ Days + (Days | Subject)' });
      await expectSameAsNode('sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)');
    }
    expect(await page.$eval('#data-info', (e) => e.textContent)).toMatch(/^sleepstudy\.parquet: Parquet, \d+ KB$/);
  });

  it('profile and bootstrap plots render after a fit', async () => {
    await fitOnPage({ data: '/data/sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)' });
    for (const kind of ['profile', 'bootstrap'] as const) {
      await page.click(`#${kind}-button`);
      await page.waitForSelector(`#extra-plot[data-kind="${kind}"] svg`, { timeout: 180_000 });
      expect(await page.$eval('body', (b) => b.dataset.state)).toBe('done');
      expect(await page.$$eval('#extra-plot svg g.panel', (g) => g.length)).toBe(6);
      expect(await page.$eval('#extra-plot svg', (s) => (s as SVGSVGElement).getBBox().width)).toBeGreaterThan(100);
    }
  });

  it('cancel terminates a running fit; the page then fits a chosen file', async () => {
    await page.goto(url({ data: '/data/InstEval.csv', formula: 'y ~ service + (1 | s) + (1 | d) + (1 | dept)' }));
    await page.waitForFunction(() => (document.getElementById('progress')?.textContent ?? '').startsWith('fitting:'), { timeout: 120_000 });
    await page.click('#cancel-button');
    expect(await page.$eval('body', (b) => b.dataset.state)).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.$eval('body', (b) => b.dataset.state)).toBe('cancelled');
    expect(await page.$eval('#results', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('#progress', (e) => e.textContent)).toBe('cancelled');
    // choose a file and type a formula: a new worker fits it
    const input = await page.$('#file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(join(DATA, 'sleepstudy.csv'));
    await page.waitForFunction(() => (document.getElementById('data-info')?.textContent ?? '').startsWith('sleepstudy.csv'));
    await page.$eval('#formula', (e) => void ((e as HTMLInputElement).value = ''));
    await page.type('#formula', 'Reaction ~ Days + (1 | Subject)');
    await page.click('#fit-button');
    expect(await settle()).toBe('done');
    await expectSameAsNode('sleepstudy.csv', 'Reaction ~ Days + (1 | Subject)');
  });

  it('dropped CSV and Parquet files are read and fitted', async () => {
    await page.goto(`${base}/`);
    expect(await page.$eval('body', (b) => b.dataset.state)).toBe('idle');
    await page.evaluate(async () => {
      const text = await (await fetch('/data/Penicillin.csv')).text();
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (document.getElementById('data-info')?.textContent ?? '') === 'dropped.csv: 144 rows');
    await page.type('#formula', 'diameter ~ 1 + (1 | plate) + (1 | sample)');
    await page.click('#fit-button');
    expect(await settle()).toBe('done');
    await expectSameAsNode('Penicillin.csv', 'diameter ~ 1 + (1 | plate) + (1 | sample)');
    // a dropped Parquet file (binary: read as bytes, told apart by its name)
    await page.evaluate(async () => {
      const bytes = await (await fetch('/data/sleepstudy.parquet')).arrayBuffer();
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.parquet'));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (document.getElementById('data-info')?.textContent ?? '').startsWith('dropped.parquet: Parquet'));
    await page.$eval('#formula', (e) => void ((e as HTMLInputElement).value = ''));
    await page.type('#formula', 'Reaction ~ Days + (Days | Subject)');
    await page.click('#fit-button');
    expect(await settle()).toBe('done');
    await expectSameAsNode('sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)');
  });

  it('bad formula, bad groups, bad CSV, a missing file and a model that cannot be fitted: the CLI message next to the input', async () => {
    const cases: Array<{ q: Record<string, string>; field: string; expected: string | RegExp }> = [
      { q: { data: '/data/sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subjct)' }, field: 'formula', expected: await cliError('sleepstudy.csv', 'Reaction ~ Days + (Days | Subjct)') },
      { q: { data: '/data/sleepstudy.csv', formula: 'Reaction ~ Days +' }, field: 'formula', expected: await cliError('sleepstudy.csv', 'Reaction ~ Days +') },
      { q: { data: '/data/sleepstudy.csv', formula: 'Reaction ~ Days', groups: 'Nope' }, field: 'groups', expected: await cliError('sleepstudy.csv', 'Reaction ~ Days', ['--groups', 'Nope']) },
      // variance components: an unknown column and a malformed formula are the vcFormula input's (the CLI's --vc message)
      { q: { data: '/data/Pastes.csv', formula: 'strength ~ 1', groups: 'batch', vcFormula: 'cask=0 + C(caks)' }, field: 'vcFormula', expected: await cliError('Pastes.csv', 'strength ~ 1', ['--groups', 'batch', '--vc', 'cask=0 + C(caks)']) },
      { q: { data: '/data/Pastes.csv', formula: 'strength ~ 1', groups: 'batch', vcFormula: 'cask=0 + C(cask' }, field: 'vcFormula', expected: await cliError('Pastes.csv', 'strength ~ 1', ['--groups', 'batch', '--vc', 'cask=0 + C(cask']) },
      { q: { data: '/data/Pastes.csv', formula: 'strength ~ 1', groups: 'batch', vcFormula: '0 + C(cask)' }, field: 'vcFormula', expected: /^error: vcFormula: expected NAME=FORMULA pairs separated by ';'/ },
      { q: { data: '/data/bad.csv', formula: 'a ~ 1 + (1 | b)' }, field: 'data', expected: await cliError('bad.csv', 'a ~ 1 + (1 | b)') },
      { q: { data: '/data/missing.csv', formula: 'y ~ 1 + (1 | g)' }, field: 'data', expected: /^error: cannot read '\/data\/missing.csv': HTTP 404/ },
      // a model that cannot be fitted (a constant response) is refused when it is built, next to the formula naming y
      { q: { data: '/data/const.csv', formula: 'y ~ 1 + (1 | g)' }, field: 'formula', expected: await cliError('const.csv', 'y ~ 1 + (1 | g)') },
    ];
    for (const c of cases) {
      await page.goto(url(c.q));
      expect(await settle()).toBe('error');
      const shown = await page.$eval(`#${c.field}-error`, (e) => e.textContent ?? '');
      if (typeof c.expected === 'string') expect(shown).toBe(c.expected);
      else expect(shown).toMatch(c.expected);
      // only that input shows an error
      const others = await page.$$eval('.error', (es) => es.filter((e) => (e.textContent ?? '') !== '').map((e) => e.id));
      expect(others).toEqual([`${c.field}-error`]);
    }
    // a degenerate but successful fit (a variance at 0) still shows its results and its warnings
    await fitOnPage({ data: '/data/two.csv', formula: 'y ~ 1 + (1 | g)' });
    expect((await page.$$eval('#warnings .warning', (w) => w.map((p) => p.textContent))).some((t) => /boundary \(singular\) fit/.test(t ?? ''))).toBe(true);
    expect(await page.$$eval('#caterpillar svg g.row', (g) => g.length)).toBe(2);
  });
});
