/**
 * The body of a dense-kernel helper thread, as text for a platform's Worker
 * (kept apart from threads.ts so bundles without a thread host do not carry it).
 * The protocol is described in threads.ts.
 */
import { ACTIVE, CHUNK_BITS, CLAIM, COUNT, CTL_BYTE, DONE, GEN, JOB_BYTE, MAX_CHUNKS, READY, SEQ, STOP, TALLY } from './threads.js';

/**
 * The helper's body: instantiate, report ready, then sleep on SEQ and claim
 * chunks of each new job until none is left. Kept free of outer references
 * (it is sent to the new thread as text).
 *
 * @example
 * ```ts
 * new Worker(`(${HELPER_SOURCE})(require('node:worker_threads').workerData)`, { eval: true, workerData });
 * ```
 */
export const HELPER_SOURCE = `(d) => {
  const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory, scratch: 128 * d.tid } }).exports;
  const ctl = new Int32Array(d.memory.buffer, ${CTL_BYTE}, 16);
  let seen = Atomics.load(ctl, ${SEQ});
  Atomics.add(ctl, ${READY}, 1);
  Atomics.notify(ctl, ${READY});
  for (;;) {
    let s = Atomics.load(ctl, ${SEQ});
    for (let i = 0; s === seen && i < 4000; i++) s = Atomics.load(ctl, ${SEQ});
    while (s === seen) {
      Atomics.wait(ctl, ${SEQ}, seen);
      s = Atomics.load(ctl, ${SEQ});
    }
    seen = s;
    if (Atomics.load(ctl, ${STOP}) !== 0 || Atomics.load(ctl, ${GEN}) !== d.gen) return;
    if (d.tid > Atomics.load(ctl, ${ACTIVE})) continue;
    const tag = (s & 0x7ffff) << ${CHUNK_BITS};
    for (;;) {
      const w = Atomics.load(ctl, ${CLAIM});
      if ((w & ~${MAX_CHUNKS}) !== tag || (w & ${MAX_CHUNKS}) >= Atomics.load(ctl, ${COUNT})) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, w, w + 1) !== w) continue;
      ex.chunk(${JOB_BYTE}, w & ${MAX_CHUNKS}, d.tid);
      Atomics.add(ctl, ${TALLY} + d.tid, 1);
      Atomics.add(ctl, ${DONE}, 1);
      Atomics.notify(ctl, ${DONE});
    }
  }
}`;
