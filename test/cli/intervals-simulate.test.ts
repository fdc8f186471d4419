import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { DATA, table } from './helpers.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const SLEEP = join(DATA, 'sleepstudy.csv');
const SLOPES = 'Reaction ~ Days + (Days | Subject)';

describe('mixedlm fit --conf-int', () => {
  it('--json carries the same profile intervals as results.confInt', async () => {
    const { code, out } = await run('fit', SLEEP, '-f', SLOPES, '--conf-int', 'profile', '--level', '0.9', '--json');
    expect(code).toBe(0);
    const ci = JSON.parse(out).conf_int as { method: string; level: number; rows: { name: string; lower: number; upper: number }[] };
    expect(ci.method).toBe('profile');
    expect(ci.level).toBe(0.9);
    const api = MixedLM.fromFormula(SLOPES, table('sleepstudy.csv')).fit().confInt({ method: 'profile', level: 0.9 });
    expect(ci.rows.map((r) => r.name)).toEqual(api.map((r) => r.name));
    // same computation in and out of the CLI: agreement to rounding (1e-9 relative)
    ci.rows.forEach((r, i) => {
      expect(Math.abs(r.lower - api[i]!.lower)).toBeLessThanOrEqual(1e-9 * Math.abs(api[i]!.lower) + 1e-12);
      expect(Math.abs(r.upper - api[i]!.upper)).toBeLessThanOrEqual(1e-9 * Math.abs(api[i]!.upper) + 1e-12);
    });
  });

  it('prints an intervals table after the summary; a seeded bootstrap is reproducible', async () => {
    const a = await run('fit', join(DATA, 'Dyestuff.csv'), '-f', 'Yield ~ 1 + (1 | Batch)', '--conf-int', 'bootstrap', '--nboot', '20', '--seed', '4');
    const b = await run('fit', join(DATA, 'Dyestuff.csv'), '-f', 'Yield ~ 1 + (1 | Batch)', '--conf-int', 'bootstrap', '--nboot', '20', '--seed', '4');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/Confidence intervals \(bootstrap\):\n\s+estimate\s+lower 0.95\s+upper 0.95\nIntercept/);
    const table = (s: string): string => s.slice(s.indexOf('Confidence intervals'));
    expect(table(a.out)).toBe(table(b.out));
  });

  it('rejects bad option values as usage errors (exit 2)', async () => {
    expect((await run('fit', SLEEP, '-f', SLOPES, '--conf-int', 'nope')).code).toBe(2);
    const bad = await run('fit', SLEEP, '-f', SLOPES, '--conf-int', 'wald', '--level', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--level: expected a number in \(0, 1\), got '1.5'/);
  });
});

describe('mixedlm simulate', () => {
  it('writes nsim seeded columns, one row per observation, reproducibly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixedlm-sim-'));
    const file = join(dir, 'sim.csv');
    const { code } = await run('simulate', SLEEP, '-f', SLOPES, '--nsim', '3', '--seed', '7', '-o', file);
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sim_1,sim_2,sim_3');
    expect(lines).toHaveLength(181);
    const cols = (k: number) => lines.slice(1).map((l) => Number(l.split(',')[k]));
    // replicate k uses seed + k - 1: column 2 of seed 7 equals column 1 of seed 8
    const single = await run('simulate', SLEEP, '-f', SLOPES, '--seed', '8');
    expect(single.out.trim().split('\n').slice(1).map(Number)).toEqual(cols(1));
    // plausible draws: the simulated mean is near the observed mean (298.5) within 10 %
    const mean = cols(0).reduce((s, v) => s + v, 0) / 180;
    expect(Math.abs(mean - 298.5)).toBeLessThan(30);
  });

  it('rejects a non-positive --nsim (usage error) and a malformed --vc', async () => {
    const r = await run('simulate', SLEEP, '-f', SLOPES, '--nsim', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--nsim: expected an integer ≥ 1/);
    const vc = await run('fit', SLEEP, '-f', 'Reaction ~ Days', '-g', 'Subject', '--vc', 'novalue');
    expect(vc.code).toBe(2);
    expect(vc.err).toMatch(/--vc: expected NAME=FORMULA, got 'novalue'/);
  });
});
