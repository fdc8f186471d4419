/** Output channels of the command line (injectable for in-process tests). */

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
 * const p = progress(io); p.update({ iteration: 3, llf: -871.8 }); p.done();
 * ```
 */
export function progress(io: CliIO): { update(info: Record<string, unknown>): void; done(): void } {
  const t0 = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(info) {
      if (!io.errIsTTY) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const evals = info.evaluations ?? info.iteration ?? '?';
      const llf = typeof info.llf === 'number' ? info.llf : typeof info.objective === 'number' ? -info.objective : NaN;
      const el = typeof info.elapsedSeconds === 'number' ? info.elapsedSeconds : (now - t0) / 1000;
      io.err(`\r  evaluations ${String(evals)}  log-likelihood ${Number.isFinite(llf) ? llf.toFixed(4) : '?'}  elapsed ${el.toFixed(1)} s   `);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
