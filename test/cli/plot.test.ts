import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { find, parseSvg } from '../plot/svg-check.js';
import { DATA } from './helpers.js';

const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-plot-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('mixedlm plot', () => {
  const data = join(TMP, 'sleepstudy.csv');
  const fit = join(TMP, 'fit.json');
  beforeAll(async () => {
    copyFileSync(join(DATA, 'sleepstudy.csv'), data);
    const r = await run('fit', data, '--formula', 'Reaction ~ Days + (Days | Subject)', '--json');
    expect(r.code).toBe(0);
    writeFileSync(fit, r.out);
  });

  it('caterpillar from the saved modes and conditional variances (no data needed)', async () => {
    const j = JSON.parse(readFileSync(fit, 'utf8'));
    delete j.source; // the saved fit alone suffices
    const bare = join(TMP, 'bare.json');
    writeFileSync(bare, JSON.stringify(j));
    const out = join(TMP, 'cat.svg');
    const r = await run('plot', bare, '--kind', 'caterpillar', '-o', out);
    expect(r).toMatchObject({ code: 0, err: '' });
    const root = parseSvg(readFileSync(out, 'utf8'));
    expect(root.attrs['data-kind']).toBe('caterpillar');
    expect(find(root, 'g', 'row')).toHaveLength(18);
    expect(find(root, 'text', 'plot-title')[0]!.text).toBe('Conditional modes with 95% intervals');
  });

  it('residuals, profile and bootstrap refit from the recorded data; SVG on stdout without -o', async () => {
    for (const [kind, panels] of [['residuals', 4], ['profile', 6], ['bootstrap', 6]] as const) {
      const r = await run('plot', fit, '--kind', kind, ...(kind === 'bootstrap' ? ['--nboot', '10', '--seed', '2'] : []));
      expect(r.code, r.err).toBe(0);
      const root = parseSvg(r.out);
      expect(root.attrs['data-kind']).toBe(kind);
      expect(find(root, 'g', 'panel')).toHaveLength(panels);
    }
  });

  it('says exactly what is missing and exits 1', async () => {
    const j = JSON.parse(readFileSync(fit, 'utf8'));
    j.source.data = join(TMP, 'gone.csv');
    const moved = join(TMP, 'moved.json');
    writeFileSync(moved, JSON.stringify(j));
    let r = await run('plot', moved, '--kind', 'residuals');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`the file recorded in '${moved}' ('${join(TMP, 'gone.csv')}') does not exist; pass the data file`);
    // the data given as an argument instead
    r = await run('plot', moved, data, '--kind', 'residuals');
    expect(r.code, r.err).toBe(0);
    // data that do not reproduce the fit
    const other = join(TMP, 'other.csv');
    writeFileSync(other, readFileSync(data, 'utf8').replace(/\n(\d+\.?\d*),/, '\n999,'));
    r = await run('plot', moved, other, '--kind', 'residuals');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not reproduce the fit saved/);
    delete j.source;
    writeFileSync(moved, JSON.stringify(j));
    r = await run('plot', moved, '--kind', 'profile');
    expect(r.code).toBe(1);
    expect(r.err).toContain('needs the model\'s data');
    r = await run('plot', join(TMP, 'nope.json'), '--kind', 'caterpillar');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read/);
  });

  it('bad option values are usage errors (exit 2)', async () => {
    expect((await run('plot', fit, '--kind', 'pie')).code).toBe(2);
    const png = await run('plot', fit, '--kind', 'caterpillar', '-o', join(TMP, 'x.png'));
    expect(png.code).toBe(2);
    expect(png.err).toMatch(/only SVG is written/);
    expect((await run('plot', fit, '--kind', 'caterpillar', '--level', '2')).code).toBe(2);
  });
});
