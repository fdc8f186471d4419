/** Output channels of the command line (injectable for in-process tests). */
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
