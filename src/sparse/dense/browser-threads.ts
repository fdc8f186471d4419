/**
 * The browser's thread host for the dense kernels: helpers are Workers made
 * from a Blob of the helper's source. Threads only pay where the fit itself
 * runs in a Worker of a cross-origin isolated page (SharedArrayBuffer, and
 * `Atomics.wait` is allowed there, not on a page's main thread); anywhere else
 * the kernels stay on one thread. Either way it brings the WebAssembly kernels
 * (wasm-api.ts).
 */
import { HELPER_SOURCE } from './helper-source.js';
import { loadDenseWasm, prepareDenseThreads, setDenseThreadHost } from './wasm-api.js';

interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  Worker?: new (url: string) => { postMessage(m: unknown): void; terminate(): void };
  Blob?: new (parts: string[], o: { type: string }) => object;
  URL?: { createObjectURL(b: object): string };
  navigator?: { hardwareConcurrency?: number };
}

/**
 * Installs the WebAssembly dense kernels and compiles them asynchronously;
 * when this context is cross-origin isolated and can create Workers, also
 * installs Web Workers as their helper threads and starts them. Resolves with
 * the number of threads ready (1 when threads are not possible here: the
 * kernels then run on this thread). Call it once, from the Worker that fits,
 * before the fits.
 *
 * @example
 * ```ts
 * const threads = await useBrowserDenseThreads(); // 2 in an isolated page's Worker
 * ```
 */
export async function useBrowserDenseThreads(): Promise<number> {
  const g = globalThis as BrowserGlobals;
  if (!g.crossOriginIsolated || !g.Worker || !g.Blob || !g.URL || typeof SharedArrayBuffer !== 'function') {
    await loadDenseWasm();
    return 1;
  }
  const W = g.Worker;
  const url = g.URL.createObjectURL(new g.Blob([`onmessage = (e) => (${HELPER_SOURCE})(e.data);`], { type: 'text/javascript' }));
  setDenseThreadHost({
    cores: g.navigator?.hardwareConcurrency ?? 2,
    spawn(data) {
      const w = new W(url);
      w.postMessage(data);
      return { terminate: () => w.terminate() };
    },
  });
  return prepareDenseThreads();
}
