/**
 * Helper threads for the WebAssembly dense kernels. Every thread runs its own
 * instance of the same module on one shared `WebAssembly.Memory`; a big kernel
 * call is cut into chunks (column or row blocks of its output, see `chunk` in
 * native/dense.wat) that the calling thread and the helpers claim one at a
 * time. Each output entry is computed by one thread as the same sum in the same
 * order as by the whole call (the k-chunking of the packed products does not
 * depend on the split), so results carry the same bits with one thread or several, and
 * the caller never depends on a helper being awake: it claims whatever is left
 * and only waits for chunks a helper has started.
 *
 * This file touches no platform API: starting a thread is the job of a
 * {@link DenseThreadHost}, installed by the Node entry (`worker_threads`). It
 * is reached only through wasm.ts and the public wrappers of its setters
 * (wasm-api.ts), so a browser bundle without the WebAssembly kernels leaves
 * it out. With
 * no host, or where the caller cannot block (`Atomics.wait` is refused on a
 * browser main thread), everything runs on one thread.
 *
 * Control words (Int32 slots of linear memory at byte {@link CTL_BYTE}):
 * SEQ (job number, helpers sleep on it), CLAIM ((SEQ & 0x7ffff) << 12 | next
 * chunk), COUNT (chunks in the job), DONE (chunks finished), READY (helpers
 * started), STOP, GEN (helpers of an older generation exit), ACTIVE (helpers
 * 1 … ACTIVE take part in the job), and per-thread chunk tallies.
 */
import { InvalidArgumentError } from '../../errors.js';

/**
 * Byte address of the control words in linear memory.
 *
 * @example
 * ```ts
 * const ctl = new Int32Array(memory.buffer, CTL_BYTE, 16);
 * ```
 */
export const CTL_BYTE = 512;
/**
 * Byte address of the job record read by the module's `chunk` export.
 *
 * @example
 * ```ts
 * ex.chunk(JOB_BYTE, c, tid);
 * ```
 */
export const JOB_BYTE = 640;
/**
 * Most threads (the caller included): one 128-byte edge scratch each below CTL_BYTE.
 *
 * @example
 * ```ts
 * setDenseThreads(MAX_THREADS);
 * ```
 */
export const MAX_THREADS = 4;

/**
 * Control word slots (Int32 indices from CTL_BYTE).
 *
 * @example
 * ```ts
 * Atomics.wait(ctl, SEQ, seen);
 * ```
 */
export const SEQ = 0, CLAIM = 1, COUNT = 2, DONE = 3, READY = 4, STOP = 5, GEN = 6, ACTIVE = 7, TALLY = 8;
/**
 * Low bits of CLAIM holding the next chunk.
 *
 * @example
 * ```ts
 * const tag = seq << CHUNK_BITS;
 * ```
 */
export const CHUNK_BITS = 12;
/**
 * Most chunks in one job (the chunk index lives in the low CHUNK_BITS of CLAIM).
 *
 * @example
 * ```ts
 * const next = Atomics.load(ctl, CLAIM) & MAX_CHUNKS;
 * ```
 */
export const MAX_CHUNKS = (1 << CHUNK_BITS) - 1;

/** What a helper receives (structured-cloned into the new thread). */
export interface DenseHelperData {
  /** The compiled dense module (shared-memory variant). */
  module: unknown;
  /** The shared `WebAssembly.Memory` all instances use. */
  memory: unknown;
  /** This helper's thread index (1, 2, …; the caller is 0). */
  tid: number;
  /** Generation: the helper exits when the GEN control word moves on. */
  gen: number;
}

/**
 * Starts helper threads: a platform's `Worker`. `spawn` runs the helper's
 * body (`HELPER_SOURCE` of helper-source.ts, the text of a function
 * expression) in a new thread, calling it with `data`, and must not keep the
 * process alive.
 *
 * @example
 * ```ts
 * setDenseThreadHost({ cores: 2, spawn: (data) => startWorker(HELPER_SOURCE, data) });
 * ```
 */
export interface DenseThreadHost {
  /** Logical cores available to this process. */
  readonly cores: number;
  /** Starts one helper; returns a handle that stops it. */
  spawn(data: DenseHelperData): { terminate(): void };
}

/** Smallest kernel call (multiply-adds) worth sharing with helper threads. */
const PAR_MIN_WORK = 1 << 22;
let minWork = PAR_MIN_WORK;

/**
 * The smallest kernel call (multiply-adds) shared with helpers; tests lower it
 * (with `setParallelMinWork`) to send small fits through the shared paths.
 *
 * @example
 * ```ts
 * if (work >= parallelMinWork()) share();
 * ```
 */
export function parallelMinWork(): number {
  return minWork;
}

/**
 * Sets the threshold of {@link parallelMinWork} (undefined: the default, 2²²).
 * Internal (tests): not exported by the package.
 *
 * @example
 * ```ts
 * setParallelMinWork(0); // share every call that can be cut into chunks
 * ```
 */
export function setParallelMinWork(work?: number): void {
  minWork = work ?? PAR_MIN_WORK;
}

let host: DenseThreadHost | null = null;
/** Requested thread count; 0 = automatic (min(2, cores) with a host, else 1). */
let requested = initialThreads();
/** Helpers started on `helperMemory` (thread i + 1 is helpers[i]). */
let helpers: { terminate(): void }[] = [];
let helperMemory: unknown = null;
let ctl: Int32Array | null = null;
let seq = 0;
/** Whether this thread may block in Atomics.wait (false on a browser main thread). */
let canBlock: boolean | null = null;
/**
 * Back-off on a busy machine: when the caller waited for a helper's chunk
 * longer than it worked itself (the helper was descheduled), jobs stay on one
 * thread until `backoffUntil` (ms, doubling with each strike up to 2 s).
 * Results do not depend on it: only the timing does.
 */
let strikes = 0;
let backoffUntil = 0;
let backoff = true;

/**
 * Turns the busy-machine back-off on (the default) or off. Internal (tests
 * that must see the helper take part): not exported by the package.
 *
 * @example
 * ```ts
 * setThreadBackoff(false); // every big call is shared, however late the helper
 * ```
 */
export function setThreadBackoff(on: boolean): void {
  backoff = on;
  strikes = 0;
  backoffUntil = 0;
}

function initialThreads(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = Number(env?.['MIXEDLM_DENSE_THREADS']);
  return Number.isInteger(v) && v >= 1 ? Math.min(v, MAX_THREADS) : 0;
}

/**
 * Installs (or with `null` removes) the platform's way of starting helper
 * threads. The Node entry of the package installs `worker_threads`; helpers
 * start lazily, on the first kernel call big enough to share.
 *
 * @example
 * ```ts
 * setDenseThreadHost(null); // one thread from now on
 * ```
 */
export function setDenseThreadHost(h: DenseThreadHost | null): void {
  stopHelpers();
  host = h;
}

/**
 * Sets how many threads (the caller included) the dense WebAssembly kernels
 * use: 1 … 4, or 0 for automatic (2 when a thread host is installed and there
 * are 2 cores, else 1). Results are bit-identical for every setting. The
 * environment variable `MIXEDLM_DENSE_THREADS` sets the initial value.
 *
 * @example
 * ```ts
 * setDenseThreads(1); // single-threaded
 * setDenseThreads(0); // automatic
 * ```
 */
export function setDenseThreads(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_THREADS) {
    throw new InvalidArgumentError('threads', `expected an integer 0 (automatic) … ${MAX_THREADS}, got ${String(n)}`);
  }
  requested = n;
}

/**
 * The thread count the dense kernels aim for (the caller included): the
 * setting of {@link setDenseThreads}, or its automatic value.
 *
 * @example
 * ```ts
 * getDenseThreads(); // 2 under Node on a 2-core machine
 * ```
 */
export function getDenseThreads(): number {
  return 1 + targetHelpers();
}

function targetHelpers(): number {
  if (!host) return 0;
  const want = requested === 0 ? Math.min(2, host.cores) : requested;
  return Math.max(0, Math.min(want, MAX_THREADS) - 1);
}

/**
 * Chunks each thread has run since the helpers started (index = thread; the
 * caller is 0): lets tests check that a helper really took part.
 *
 * @example
 * ```ts
 * denseThreadTally(); // e.g. [14, 11]
 * ```
 */
export function denseThreadTally(): number[] {
  if (!ctl) return [];
  return Array.from({ length: 1 + helpers.length }, (_, t) => Atomics.load(ctl!, TALLY + t));
}

function blockingAllowed(): boolean {
  if (canBlock === null) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      canBlock = true;
    } catch {
      canBlock = false;
    }
  }
  return canBlock;
}

/** Stops the helpers (they exit at their next wake-up, or are terminated). */
export function stopHelpers(): void {
  if (ctl && helpers.length > 0) {
    Atomics.add(ctl, GEN, 1);
    Atomics.store(ctl, STOP, 1);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
  }
  for (const h of helpers) h.terminate();
  helpers = [];
  helperMemory = null;
  ctl = null;
}

/**
 * Starts the missing helpers on `memory` (shared) running `module` (the
 * shared variant of the dense module), without waiting for them; returns the
 * control words, or null when there is no host or it failed.
 */
function startHelpers(module: unknown, memory: { buffer: ArrayBufferLike }, want: number): Int32Array | null {
  if (helperMemory !== memory) {
    stopHelpers();
    const c = new Int32Array(memory.buffer, CTL_BYTE, 16);
    // a new generation on this memory: older helpers (if any) exit; SEQ keeps counting
    Atomics.add(c, GEN, 1);
    for (const i of [COUNT, DONE, READY, STOP, ACTIVE]) Atomics.store(c, i, 0);
    for (let t = 0; t < MAX_THREADS; t++) Atomics.store(c, TALLY + t, 0);
    seq = Atomics.load(c, SEQ);
    ctl = c;
    helperMemory = memory;
  }
  try {
    const gen = Atomics.load(ctl!, GEN);
    while (helpers.length < want) helpers.push(host!.spawn({ module, memory, tid: helpers.length + 1, gen }));
  } catch {
    stopHelpers();
    host = null;
    return null;
  }
  return ctl;
}

/**
 * Threads (the caller included) ready to share a job on `memory`, starting
 * helpers on first use (and then waiting up to 2 s for them to run). `memory`
 * must be shared; `module` is the shared variant of the dense module. Returns
 * 1 when there is nothing to share with.
 */
export function readyThreads(module: unknown, memory: { buffer: ArrayBufferLike }): number {
  const want = targetHelpers();
  if (want === 0 || !blockingAllowed()) return 1;
  if (backoffUntil > 0 && performance.now() < backoffUntil) return 1;
  if (helperMemory !== memory || helpers.length < want) {
    const c = startHelpers(module, memory, want);
    if (!c) return 1;
    // wait (at most 2 s) for the helpers to start, so the first big call already shares
    const t0 = Date.now();
    for (let r; (r = Atomics.load(c, READY)) < want && Date.now() - t0 < 2000; ) Atomics.wait(c, READY, r, 50);
  }
  return 1 + Math.min(Atomics.load(ctl!, READY), want);
}

/**
 * Starts the helpers and resolves once they run (or after `timeoutMs`) with
 * the number of threads ready — without blocking, for threads whose new
 * Workers only start when they return to their event loop (browsers).
 */
export async function startHelpersAsync(module: unknown, memory: { buffer: ArrayBufferLike }, timeoutMs: number): Promise<number> {
  const want = targetHelpers();
  if (want === 0 || !blockingAllowed()) return 1;
  const c = startHelpers(module, memory, want);
  if (!c) return 1;
  const t0 = Date.now();
  while (Atomics.load(c, READY) < want && Date.now() - t0 < timeoutMs) await new Promise((r) => setTimeout(r, 10));
  return 1 + Math.min(Atomics.load(c, READY), want);
}

/**
 * Runs chunks 0 … count−1 of the job written at {@link JOB_BYTE} on this
 * thread (as thread 0, through `chunk`) and on helpers 1 … threads−1 that
 * wake up in time; returns when every chunk is done. `first`, if given, runs
 * on this thread once the job is published, before it claims chunks (work
 * that must not wait for the job: a lookahead panel).
 */
export function runJob(count: number, threads: number, chunk: (c: number) => void, first?: () => void): void {
  const c = ctl!; // count ≤ MAX_CHUNKS (the callers' chunk widths ensure it)
  seq = (seq % 0x7ffff) + 1;
  const tag = seq << CHUNK_BITS;
  Atomics.store(c, COUNT, count);
  Atomics.store(c, DONE, 0);
  Atomics.store(c, ACTIVE, threads - 1);
  Atomics.store(c, CLAIM, tag);
  Atomics.store(c, SEQ, seq);
  Atomics.notify(c, SEQ);
  const t0 = performance.now();
  first?.();
  let mine = 0;
  for (;;) {
    const w = Atomics.load(c, CLAIM);
    if ((w & ~MAX_CHUNKS) !== tag || (w & MAX_CHUNKS) >= count) break;
    if (Atomics.compareExchange(c, CLAIM, w, w + 1) !== w) continue;
    chunk(w & MAX_CHUNKS);
    mine++;
  }
  Atomics.add(c, TALLY, mine);
  Atomics.add(c, DONE, mine);
  const t1 = performance.now();
  // chunks a helper claimed: wait for them (short spin, then sleep)
  for (let d, i = 0; (d = Atomics.load(c, DONE)) < count; i++) {
    if (i > 2000) Atomics.wait(c, DONE, d, 20);
  }
  const waited = performance.now() - t1;
  if (backoff && waited > 0.5 + (t1 - t0)) {
    strikes = Math.min(strikes + 1, 5);
    backoffUntil = performance.now() + (62.5 << strikes);
  } else if (mine < count) {
    strikes = Math.max(0, strikes - 1);
    backoffUntil = 0;
  }
}
