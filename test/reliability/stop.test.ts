/** Issue 11: long fits can be stopped (signal, fitAsync, --maxiter, --timeout) with a clear status and no half-written output. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { FitAbortedError } from '../../src/errors.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { DATA, table } from '../cli/helpers.js';

const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-stop-'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const model = (): MixedLM => MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', table('sleepstudy.csv'));

describe('fit({ signal })', () => {
  it('an aborted signal stops before the first evaluation; aborting mid-fit stops after that evaluation', () => {
    const ac = new AbortController();
    ac.abort();
    let e: unknown;
    try {
      model().fit({ signal: ac.signal });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(FitAbortedError);
    expect((e as FitAbortedError).evaluations).toBe(0);
    const ac2 = new AbortController();
    try {
      model().fit({ signal: ac2.signal, onProgress: (p) => p.evaluations === 4 && ac2.abort() });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(FitAbortedError);
    expect((e as FitAbortedError).evaluations).toBe(4);
    expect((e as FitAbortedError).reason).toBe('aborted');
    expect((e as Error).message).toMatch(/fit aborted after 4 objective evaluations/);
  });
});

describe('fitAsync', () => {
  it('gives the same fit as fit (identical parameters), in slices', async () => {
    const m = model();
    const a = m.fit();
    const b = await m.fitAsync({ sliceMs: 0 });
    expect(b.params).toEqual(a.params);
    expect(b.llf).toBe(a.llf);
  });

  it('a timer can abort it between evaluations', async () => {
    const ac = new AbortController();
    let yielded = 0;
    const timer = setTimeout(() => ac.abort(), 0);
    let e: unknown;
    try {
      await model().fitAsync({ signal: ac.signal, sliceMs: 0, onProgress: () => yielded++ });
    } catch (x) {
      e = x;
    }
    clearTimeout(timer);
    expect(e).toBeInstanceOf(FitAbortedError);
    expect((e as FitAbortedError).evaluations).toBeGreaterThan(0);
    expect((e as FitAbortedError).evaluations).toBeLessThan(13); // the full fit needs 13
    expect(yielded).toBe((e as FitAbortedError).evaluations);
  });

  it('AbortSignal.timeout reports a timeout', async () => {
    let e: unknown;
    try {
      await model().fitAsync({ signal: AbortSignal.timeout(1), sliceMs: 0, onProgress: () => void spin(3) });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(FitAbortedError);
    expect((e as FitAbortedError).reason).toBe('timeout');
  });
});

/** Busy-waits ms milliseconds (makes each evaluation slow enough for a 1 ms timer). */
function spin(ms: number): void {
  const t = Date.now();
  while (Date.now() - t < ms);
}

describe('CLI --maxiter and --timeout', () => {
  it('--maxiter ends with a not-converged warning and exit 0', async () => {
    const r = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--maxiter', '1', '--method', 'bfgs', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.converged).toBe(false);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain('not-converged');
  });

  it('--timeout stops with exit 3, "stopped after N s", and writes no output file (an older one is left intact)', async () => {
    const out = join(TMP, 'ranef.csv');
    writeFileSync(out, 'old\n');
    const big = join(TMP, 'big.csv');
    // a model whose first evaluations outlast 1 ms on any machine: many groups with slopes
    const lines = ['y,x,g'];
    let s = 1;
    const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 30_000; i++) lines.push(`${(u() * 10 + (i % 500) / 50).toFixed(4)},${(i % 7) / 3},g${i % 3000}`);
    writeFileSync(big, `${lines.join('\n')}\n`);
    const r = await run('fit', big, '-f', 'y ~ x + (x | g)', '--timeout', '0.001', '--ranef', out);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/stopped: fit stopped after \d+\.\d s \(time limit reached\) after \d+ objective evaluations; nothing was written/);
    expect(r.out).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(readdirSync(TMP).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('bad values of the new options are usage errors (exit 2)', async () => {
    for (const [opt, v] of [['--maxiter', '0'], ['--maxiter', 'x'], ['--timeout', '-1'], ['--timeout', '']]) {
      const r = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (1 | Subject)', opt!, v!);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${opt}:`);
    }
  });

  it('output files are written whole: simulate -o replaces the file atomically', async () => {
    const out = join(TMP, 'sims.csv');
    const r = await run('simulate', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (1 | Subject)', '--nsim', '2', '-o', out);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('sim_1,sim_2');
  });
});

describe('CLI option values', () => {
  const base = [join(DATA, 'Dyestuff.csv'), '-f', 'Yield ~ 1 + (1 | Batch)'];
  const cases: Array<[string[], string]> = [
    [['--method', ''], '--method:'],
    [['--method', 'bfgs,,cg'], '--method:'],
    [['--conf-int', 'wald', '--level', '2'], '--level:'],
    [['--conf-int', 'wald', '--level', ''], '--level:'],
    [['--conf-int', 'bootstrap', '--nboot', '0'], '--nboot:'],
    [['--conf-int', 'bootstrap', '--seed', '1.5'], '--seed:'],
    [['--nboot', '5'], '--nboot:'],
    [['--conf-int', 'nope'], "argument 'nope' is invalid"],
    [['--missing', 'raise'], "argument 'raise' is invalid"],
    [['--ranef', ''], '--ranef:'],
  ];
  for (const [extra, msg] of cases)
    it(`fit ${extra.join(' ')} → exit 2 naming the option`, async () => {
      const r = await run('fit', ...base, ...extra);
      expect(r.code).toBe(2);
      expect(r.err).toContain(msg);
    });

  it('--conf-int bootstrap reports failed, not-converged and singular replicates', async () => {
    const r = await run('fit', ...base, '--conf-int', 'bootstrap', '--nboot', '20', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const ci = JSON.parse(r.out).conf_int;
    expect(ci).toMatchObject({ method: 'bootstrap', replicates: 20, failed: 0 });
    expect(ci.at_boundary).toBeGreaterThanOrEqual(0);
    expect(ci.rows.length).toBe(3);
    const h = await run('fit', ...base, '--conf-int', 'bootstrap', '--nboot', '20', '--seed', '3');
    expect(h.out).toMatch(/bootstrap: 20 replicates, 0 failed, \d+ not converged, \d+ singular/);
  });
});
