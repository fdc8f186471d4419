/// <reference lib="dom" />
/**
 * The dense kernels on two threads in a real headless Chromium: a page served cross-origin isolated
 * (COOP + COEP) starts a Worker, which calls useBrowserDenseThreads() and factors and inverts an SPD
 * matrix on one thread and on two; the bits must agree and the helper Worker must have taken chunks.
 * The same page without the isolation headers must stay on one thread (and still compute).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-threads-'));

// runs in the Worker: 1 vs 2 threads on potrf, trtri and lauum (n = 500, default threshold)
const WORKER = `
import { dense } from './dist/sparse/index.js';
onmessage = async () => {
  const threads = await dense.useBrowserDenseThreads();
  dense.setDenseBackend('wasm');
  const n = 500;
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const B = Float64Array.from({ length: n * n }, rnd);
  const A = new Float64Array(n * n);
  dense.gemm(false, true, n, n, n, 1 / n, B, 0, n, B, 0, n, 0, A, 0, n);
  for (let i = 0; i < n; i++) A[i * n + i] += 1;
  const run = (t) => {
    dense.setDenseThreads(t);
    const L = A.slice(), X = new Float64Array(n * n), Z = new Float64Array(n * n);
    const info = dense.potrf(n, L, 0, n);
    dense.trtri(n, L, 0, n, X, 0, n);
    dense.lauum(n, X, 0, n, Z, 0, n);
    return { info, out: [L, X, Z] };
  };
  const one = run(1), two = run(2);
  let same = true;
  for (let k = 0; k < 3; k++) for (let i = 0; i < n * n; i++) if (!Object.is(one.out[k][i], two.out[k][i])) same = false;
  // A⁻¹ from Z against A: ‖A·Z − I‖ on a few columns (Z lower: mirror)
  let err = 0;
  const Z = two.out[2];
  const zij = (i, j) => (i >= j ? Z[i + j * n] : Z[j + i * n]);
  for (const j of [0, 17, 499]) for (let i = 0; i < n; i++) {
    let v = 0;
    for (let k = 0; k < n; k++) v += (i >= k ? A[i + k * n] : A[k + i * n]) * zij(k, j);
    err = Math.max(err, Math.abs(v - (i === j ? 1 : 0)));
  }
  postMessage({ threads, isolated: self.crossOriginIsolated, info: [one.info, two.info], same, err, tally: dense.denseThreadTally() });
};
`;
const PAGE = `<!doctype html><script type="module">
const w = new Worker('/worker.js', { type: 'module' });
w.onmessage = (e) => { window.result = e.data; };
w.onerror = (e) => { window.result = { error: String(e.message) }; };
w.postMessage('go');
</script>`;

let server: Server | undefined;
let base = '';
let browser: Browser | undefined;
let workerJs = '';

beforeAll(async () => {
  // the Worker's module bundled for the browser from dist/ (npm run test:integration builds it)
  const r = await build({
    stdin: { contents: WORKER, resolveDir: REPO_ROOT, loader: 'js' },
    bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
  });
  workerJs = r.outputFiles[0]!.text;
  const s = createServer((req, res) => {
    const isolated = (req.url ?? '').startsWith('/iso');
    const headers: Record<string, string> = isolated
      ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
      : {};
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/(iso|plain)/, '');
    if (path === '/' || path === '/index.html') res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(PAGE.replace("'/worker.js'", isolated ? "'/iso/worker.js'" : "'/plain/worker.js'"));
    else if (path === '/worker.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(workerJs);
    else res.writeHead(404).end();
  });
  server = s;
  base = await new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: mkdtempSync(join(TMP, 'profile-')),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(TMP, { recursive: true, force: true });
});

interface Result { threads: number; isolated: boolean; info: number[]; same: boolean; err: number; tally: number[]; error?: string }

async function resultOf(path: string): Promise<Result> {
  const page = await browser!.newPage();
  try {
    await page.goto(`${base}${path}`);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, { timeout: 120_000 });
    return (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as Result;
  } finally {
    await page.close();
  }
}

describe('dense kernels on two threads in Chromium', () => {
  it('a cross-origin isolated page: the Worker uses a helper Worker, with the same bits as one thread', async () => {
    const r = await resultOf('/iso/');
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(true);
    expect(r.threads).toBe(2);
    expect(r.info).toEqual([0, 0]);
    expect(r.same).toBe(true);
    expect(r.err).toBeLessThan(1e-10); // A·A⁻¹ = I to rounding (A = BBᵀ/n + I is well conditioned)
    expect(r.tally[1]).toBeGreaterThan(0); // the helper took chunks
  });

  it('a page that is not isolated: one thread, same results', async () => {
    const r = await resultOf('/plain/');
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(false);
    expect(r.threads).toBe(1);
    expect(r.info).toEqual([0, 0]);
    expect(r.same).toBe(true);
    expect(r.err).toBeLessThan(1e-10);
    expect(r.tally).toEqual([]);
  });
});
