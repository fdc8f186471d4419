/** Output channels of the command line (injectable for in-process tests). */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { DataError } from '../errors.js';
import type { ReadProgress } from '../data/sources.js';
import type { FitProgress } from '../model/mixedlm.js';

/**
 * Where the CLI writes: stdout, stderr, and whether stderr is a terminal
 * (progress lines are shown only then).
 *
 * @example
 * ```ts
 * const io: CliIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), errIsTTY: false };
 * ```
 */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  errIsTTY: boolean;
}

/**
 * The process's own streams.
 *
 * @example
 * ```ts
 * await main(['--help'], processIO());
 * ```
 */
export function processIO(): CliIO {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    errIsTTY: Boolean(process.stderr.isTTY),
  };
}

/**
 * An in-memory `CliIO` collecting what was written.
 *
 * @example
 * ```ts
 * const io = memoryIO(); await main(['--version'], io); io.stdout; // '0.1.0\n'
 * ```
 */
export function memoryIO(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    errIsTTY: false,
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
  };
  return io;
}

/**
 * A throttled one-line progress display on stderr (TTY only): evaluations,
 * log-likelihood, elapsed seconds.
 *
 * @example
 * ```ts
 * const p = progress(io); p.update({ evaluations: 3, objective: -871.8, elapsedSeconds: 0.2, method: 'bfgs' }); p.done();
 * ```
 */
export function progress(io: CliIO): { update(info: FitProgress): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(info) {
      if (!io.errIsTTY) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const llf = Number.isFinite(info.objective) ? info.objective.toFixed(4) : '?';
      io.err(`\r  evaluations ${info.evaluations}  log-likelihood ${llf}  elapsed ${info.elapsedSeconds.toFixed(1)} s   `);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}

/**
 * A throttled progress line for reading a data file (TTY only): megabytes
 * read of the total, rows parsed, elapsed seconds; cleared when done.
 *
 * @example
 * ```ts
 * const p = readProgress(io, 'big.csv'); await readTable('big.csv', { onProgress: (x) => p.update(x) }); p.done();
 * ```
 */
export function readProgress(io: CliIO, path: string): { update(p: ReadProgress): void; done(): void } {
  const t0 = Date.now();
  let last = 0;
  let shown = false;
  const mb = (b: number): string => (b / 1e6).toFixed(1);
  return {
    update(p) {
      if (!io.errIsTTY) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const of = p.totalBytes !== null ? ` of ${mb(p.totalBytes)}` : '';
      io.err(`\r  reading ${path}  ${mb(p.bytes)}${of} MB  ${p.rows} rows  elapsed ${((now - t0) / 1000).toFixed(1)} s   `);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}

/**
 * Writes each `[path, text]` to a temporary file next to it, then renames all
 * of them into place: a failure leaves no half-written file (and the
 * temporaries are removed).
 *
 * @example
 * ```ts
 * writeFilesAtomically([['fit.json', json], ['ranef.csv', csv]]);
 * ```
 */
export function writeFilesAtomically(files: readonly (readonly [string, string])[]): void {
  const tmp = files.map(([path], k) => `${path}.${process.pid}.${k}.tmp`);
  try {
    files.forEach(([, text], k) => writeFileSync(tmp[k]!, text));
    files.forEach(([path], k) => renameSync(tmp[k]!, path));
  } catch (e) {
    for (const t of tmp) {
      try {
        unlinkSync(t);
      } catch {
        /* not created or already renamed */
      }
    }
    const path = files.find((_, k) => (e as { path?: string }).path === tmp[k])?.[0] ?? files[0]?.[0] ?? '';
    throw new DataError(`cannot write '${path}': ${(e as Error).message}`, { row: -1 });
  }
}
