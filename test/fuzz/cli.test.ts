/**
 * Fuzz corpus, command line (issue 11): 150 generated argument lists for
 * fit / simulate / predict / compare / demo. Every run must return an exit
 * code (0, 1, 2 or 3) with a message on stderr when it fails, never throw.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { baseCsv, csv, Draw, formula } from './generate.js';

const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-fuzz-cli-'));

describe('fuzz corpus: command line', () => {
  it('150 generated argument lists end with a documented exit code and a message', async () => {
    const data = join(TMP, 'base.csv');
    writeFileSync(data, baseCsv());
    const d = new Draw(53);
    const fitJson = join(TMP, 'fit.json');
    const io0 = memoryIO();
    expect(await main(['fit', data, '-f', 'y ~ x + (1 | g)', '--json'], io0)).toBe(0);
    writeFileSync(fitJson, io0.stdout);
    writeFileSync(join(TMP, 'broken.json'), io0.stdout.slice(0, 200));
    writeFileSync(join(TMP, 'mutated.csv'), csv(d, baseCsv()));
    const values = ['', '0', '-1', '1.5', 'x', '2', '0.9', 'nan', 'Infinity', '1e9', 'bfgs', 'nm,cg', 'bfgs,', 'drop', 'none', 'wald', 'profile', 'bootstrap', 'g', 'nope', '~x', 'cask=', '=x', 'h=0 + C(h)'];
    const flags: Array<[string, boolean]> = [
      ['--json', false], ['--ml', false], ['--method', true], ['--missing', true], ['--maxiter', true], ['--timeout', true], ['--conf-int', true],
      ['--level', true], ['--nboot', true], ['--seed', true], ['--groups', true], ['--re-formula', true], ['--vc', true], ['--nsim', true], ['--bogus', false],
    ];
    const files = [data, join(TMP, 'mutated.csv'), join(TMP, 'missing.csv'), TMP, fitJson];
    const codes = new Map<number, number>();
    const bad: string[] = [];
    for (let k = 0; k < 150; k++) {
      const cmd = d.pick(['fit', 'fit', 'fit', 'simulate', 'predict', 'compare', 'demo']);
      let argv: string[];
      if (cmd === 'predict') argv = ['predict', d.pick([fitJson, join(TMP, 'broken.json'), data, join(TMP, 'none.json')]), d.pick(files), ...(d.chance(0.3) ? ['--population-for-new-levels'] : []), ...(d.chance(0.3) ? ['-o', join(TMP, `p${k}.csv`)] : [])];
      else if (cmd === 'compare') argv = ['compare', d.pick([fitJson, join(TMP, 'broken.json')]), d.pick([fitJson, data]), ...(d.chance(0.5) ? ['--allow-changed-data'] : [])];
      else if (cmd === 'demo') argv = ['demo', '--rows', d.pick(['', '0', '-5', '1.5', 'x'])];
      else {
        argv = [cmd, d.pick(files), '-f', d.chance(0.6) ? 'y ~ x + (1 | g)' : formula(d)];
        const n = d.int(3);
        for (let j = 0; j < n; j++) {
          const [flag, takes] = d.pick(flags);
          argv.push(flag);
          if (takes) argv.push(d.pick(values));
        }
        if (cmd === 'fit' && argv.includes('bootstrap') && !argv.includes('--nboot')) argv.push('--nboot', '3');
        if (argv.includes('profile')) argv.push('--timeout', '5');
      }
      const io = memoryIO();
      let code: number;
      try {
        code = await main(argv, io);
      } catch (e) {
        bad.push(`${JSON.stringify(argv)} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        continue;
      }
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (![0, 1, 2, 3].includes(code)) bad.push(`${JSON.stringify(argv)} → exit ${code}`);
      if (code !== 0 && !/error|stopped/.test(io.stderr)) bad.push(`${JSON.stringify(argv)} → exit ${code} without a message`);
      if (code === 1 && /\[object Object\]|TypeError|RangeError/.test(io.stderr)) bad.push(`${JSON.stringify(argv)} → ${io.stderr.trim()}`);
    }
    expect(bad, bad.slice(0, 10).join('\n')).toEqual([]);
    console.log('exit codes', [...codes].sort());
    expect(codes.get(0) ?? 0).toBeGreaterThan(10);
    expect((codes.get(1) ?? 0) + (codes.get(2) ?? 0)).toBeGreaterThan(30);
  });
});
