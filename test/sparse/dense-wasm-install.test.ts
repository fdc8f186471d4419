// The WebAssembly dense kernels are installed, not imported (src/sparse/dense/backend.ts): the JavaScript
// kernels reach them only once a public name of the dense backend (wasm-api.ts) or the Node entry has
// installed them. The test setup installs them for every other suite, so each case here starts a fresh
// module graph (vi.resetModules) in which nothing is installed yet.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../paths.js';
import { mulberry32 } from './helpers.js';

type Backend = typeof import('../../src/sparse/dense/backend.js');
type Kernels = typeof import('../../src/sparse/dense/index.js');
type Wasm = typeof import('../../src/sparse/dense/wasm.js');

/** backend.ts, the kernels (index.ts: also the public names) and wasm.ts of a new module graph. */
async function fresh(): Promise<{ backend: Backend; dense: Kernels; wasm: Wasm }> {
  vi.resetModules();
  const backend = await import('../../src/sparse/dense/backend.js');
  const dense = await import('../../src/sparse/dense/index.js');
  const wasm = await import('../../src/sparse/dense/wasm.js');
  return { backend, dense, wasm };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const rng = mulberry32(12);
const n = 40, k = 200; // m·n·k = 320,000: above 'auto''s threshold
const A = Float64Array.from({ length: n * k }, () => rng() - 0.5);
const B = Float64Array.from({ length: n * k }, () => rng() - 0.5);
/** A 40 × 40 SPD matrix (lower triangle used). */
const S = (() => {
  const s = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    let v = i === j ? n : 0;
    for (let p = 0; p < k; p++) v += A[i + p * n]! * A[j + p * n]!;
    s[i + j * n] = v;
  }
  return s;
})();

/** One call of each kernel with a WebAssembly twin (big enough for 'auto'); the outputs, concatenated. */
function runAll(d: Kernels): Float64Array {
  const C = new Float64Array(n * n), T = new Float64Array(n * n), Y = new Float64Array(n * n);
  d.gemm(false, true, n, n, k, 1, A, 0, n, B, 0, n, 0, C, 0, n);
  d.gemmt(false, true, n, k, 1, A, 0, n, B, 0, n, T, 0, n);
  d.syrk(false, n, n, k, 1, A, 0, n, 0, Y, 0, n);
  const L = S.slice();
  expect(d.potrf(n, L, 0, n)).toBe(0);
  const X = new Float64Array(n * n), Z = new Float64Array(n * n);
  d.trtri(n, L, 0, n, X, 0, n);
  d.lauum(n, X, 0, n, Z, 0, n);
  const out = new Float64Array(6 * n * n);
  [C, T, Y, L, X, Z].forEach((m, i) => out.set(m, i * n * n));
  return out;
}

const same = (a: Float64Array, b: Float64Array): boolean => a.every((v, i) => Object.is(v, b[i]));

describe('the WebAssembly dense kernels, installed on first use', () => {
  it('the kernels stay in JavaScript until installed, then send big calls to the installed table', async () => {
    const { backend, dense, wasm } = await fresh();
    expect(backend.denseWasmInstalled()).toBe(false);
    expect(backend.wasmFor(1e12, 100)).toBeNull();
    const before = runAll(dense);
    // 'wasm' cannot be selected without kernels (the public setDenseBackend would install them)
    expect(() => backend.selectDenseBackend('wasm')).toThrow(/not available/);
    backend.selectDenseBackend('js');
    const js = runAll(dense);
    backend.selectDenseBackend('auto');
    expect(same(before, js)).toBe(true); // bit for bit the JavaScript kernels

    // install the real kernels behind a counter of calls
    const calls: Record<string, number> = {};
    const counted = <F extends (...a: never[]) => unknown>(name: string, f: F): F =>
      ((...a: Parameters<F>) => { calls[name] = (calls[name] ?? 0) + 1; return f(...a); }) as F;
    backend.installDenseWasm({
      available: wasm.denseWasmAvailable,
      gemm: counted('gemm', wasm.wasmGemm),
      gemmt: counted('gemmt', wasm.wasmGemmt),
      syrk: counted('syrk', wasm.wasmSyrk),
      potrfPanel: counted('potrfPanel', wasm.wasmPotrfPanel),
      trtri: counted('trtri', wasm.wasmTrtri),
      lauum: counted('lauum', wasm.wasmLauum),
    });
    expect(backend.denseWasmInstalled()).toBe(true);
    const after = runAll(dense);
    expect(calls).toEqual({ gemm: 1, gemmt: 1, syrk: 1, potrfPanel: 1, trtri: 1, lauum: 1 });
    expect(same(after, js)).toBe(false); // WebAssembly's sums differ from JavaScript's in the last bits…
    let err = 0;
    for (let i = 0; i < after.length; i++) err = Math.max(err, Math.abs(after[i]! - js[i]!) / Math.max(1, Math.abs(js[i]!)));
    expect(err).toBeLessThan(1e-12); // …and only there
    // small calls stay in JavaScript under 'auto', all calls under 'js'
    dense.gemm(false, false, 4, 4, 4, 1, A, 0, 4, B, 0, 4, 0, new Float64Array(16), 0, 4);
    backend.selectDenseBackend('js');
    runAll(dense);
    expect(calls).toEqual({ gemm: 1, gemmt: 1, syrk: 1, potrfPanel: 1, trtri: 1, lauum: 1 });
  });

  it.each([
    ['setDenseBackend', (d: Kernels) => d.setDenseBackend('auto')],
    ['denseWasmAvailable', (d: Kernels) => d.denseWasmAvailable()],
    ['loadDenseWasm', (d: Kernels) => d.loadDenseWasm()],
    ['prepareDenseThreads', (d: Kernels) => d.prepareDenseThreads(10)],
    ['releaseDenseWasm', (d: Kernels) => d.releaseDenseWasm()],
    ['setDenseThreads', (d: Kernels) => d.setDenseThreads(0)],
    ['getDenseThreads', (d: Kernels) => d.getDenseThreads()],
    ['setDenseThreadHost', (d: Kernels) => d.setDenseThreadHost(null)],
    ['denseThreadTally', (d: Kernels) => d.denseThreadTally()],
    ['useBrowserDenseThreads', (d: Kernels) => d.useBrowserDenseThreads()],
  ] as const)('%s installs them', async (_, call) => {
    const { backend, dense } = await fresh();
    expect(backend.denseWasmInstalled()).toBe(false);
    await call(dense);
    expect(backend.denseWasmInstalled()).toBe(true);
  });

  it("after loadDenseWasm the kernels' results are WebAssembly's", async () => {
    const { dense, wasm } = await fresh();
    const js = runAll(dense);
    expect(await dense.loadDenseWasm()).toBe(true);
    const got = runAll(dense);
    expect(same(got, js)).toBe(false);
    const C = new Float64Array(n * n);
    wasm.wasmGemm(false, true, n, n, k, 1, A, 0, n, B, 0, n, 0, C, 0, n);
    expect(same(got.subarray(0, n * n), C)).toBe(true);
  });

  it('setDenseBackend still refuses anything but js, wasm and auto', async () => {
    const { dense } = await fresh();
    expect(() => dense.setDenseBackend('fast' as 'js')).toThrow(/expected 'js', 'wasm' or 'auto'/);
  });

  it('MIXEDLM_DENSE_BACKEND: js holds from the start, wasm once the kernels are installed', async () => {
    vi.stubEnv('MIXEDLM_DENSE_BACKEND', 'js');
    let { backend, dense } = await fresh();
    expect(backend.getDenseBackend()).toBe('js');
    vi.stubEnv('MIXEDLM_DENSE_BACKEND', 'wasm');
    ({ backend, dense } = await fresh());
    expect(backend.getDenseBackend()).toBe('auto');
    expect(dense.denseWasmAvailable()).toBe(true);
    expect(backend.getDenseBackend()).toBe('wasm');
  });
});

describe('the Node entries (dist/, built by npm test) install them at import', () => {
  /** The dense backend's state after importing `specifier` (a package name resolved as Node does, or a dist/ file). */
  const stateAfter = (specifier: string, env: Record<string, string> = {}): { backend: string; installed: boolean } =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `
      await import(${JSON.stringify(specifier)});
      const b = await import(${JSON.stringify(resolve(REPO_ROOT, 'dist', 'sparse', 'dense', 'backend.js'))});
      console.log(JSON.stringify({ backend: b.getDenseBackend(), installed: b.denseWasmInstalled() }));`], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, MIXEDLM_DENSE_BACKEND: '', ...env }, timeout: 60_000,
    }).trim());

  it("'mixedlm' (dist/node.js) installs them and honours MIXEDLM_DENSE_BACKEND", () => {
    expect(stateAfter('mixedlm')).toEqual({ backend: 'auto', installed: true });
    expect(stateAfter('mixedlm', { MIXEDLM_DENSE_BACKEND: 'wasm' })).toEqual({ backend: 'wasm', installed: true });
    expect(stateAfter('mixedlm', { MIXEDLM_DENSE_BACKEND: 'js' })).toEqual({ backend: 'js', installed: true });
  }, 70_000);

  it("'mixedlm/sparse' installs them under Node; the browser entries (dist/index.js, dist/sparse/index.js) do not", () => {
    expect(stateAfter('mixedlm/sparse')).toEqual({ backend: 'auto', installed: true });
    expect(stateAfter(resolve(REPO_ROOT, 'dist', 'index.js'))).toEqual({ backend: 'auto', installed: false });
    expect(stateAfter(resolve(REPO_ROOT, 'dist', 'sparse', 'index.js'))).toEqual({ backend: 'auto', installed: false });
  }, 70_000);
});
