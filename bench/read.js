// Read suite: the fast CSV reader, fromFormula on typed columns, and the CLI end to end.
//   npm run bench -- read            (data written once to os.tmpdir()/mixedlm-bench-read by bench/read-data.js)
//   npm run bench -- read --reps 5
// Rows: readTable on the 1,000,000-row grouped CSV (y, x, "g"; 100,000 groups of 10) and on the
// 400,000-row CSV with 200,000 levels; fromFormula on each; the fit of the 1M-row model; and
// `node dist/cli.js fit big.csv -f 'y ~ x + (x|g)' --json` wall time (a fresh process, so Node
// start-up, module loading, reading, building, fitting and printing all count).
// Targets (issue 13): CLI ≤ 2 s wall; fromFormula at 400,000 rows / 200,000 levels ≤ 0.5 s.
// CPU seconds are recorded next to wall seconds (the machine is shared: wall time grows with the
// load, CPU time much less); the load average at the start is recorded too.
// Prints a table and writes bench/results/read.json.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { bigCsv, manyLevelsCsv } from './read-data.js';
import { median, peakRssMb, printTable, useDenseWasm, writeResults } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = new URL('../dist/', import.meta.url).href;


export async function run() {
  const i = process.argv.indexOf('--reps');
  const reps = i >= 0 ? Number(process.argv[i + 1]) : 3;
  await useDenseWasm(dist);
  const { readTable } = await import(new URL('data/read.js', dist).href);
  const { MixedLM } = await import(new URL('model/mixedlm.js', dist).href);
  const cases = [
    { id: 'grouped1e6', file: await bigCsv(), formula: 'y ~ x + (x|g)', fit: true },
    { id: 'levels2e5', file: await manyLevelsCsv(), formula: 'y ~ x + (1|g)', fit: false },
  ];
  const load = loadavg()[0];
  const cpuSeconds = (c0) => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const rows = [];
  for (const c of cases) {
    const read = [];
    const build = [];
    const fit = [];
    const readCpu = [];
    const buildCpu = [];
    let table;
    let model;
    for (let r = 0; r < reps; r++) {
      let t0 = performance.now();
      let c0 = process.cpuUsage();
      table = await readTable(c.file);
      read.push((performance.now() - t0) / 1000);
      readCpu.push(cpuSeconds(c0));
      t0 = performance.now();
      c0 = process.cpuUsage();
      model = MixedLM.fromFormula(c.formula, table);
      build.push((performance.now() - t0) / 1000);
      buildCpu.push(cpuSeconds(c0));
      if (c.fit && r === 0) {
        t0 = performance.now();
        model.fit({ reml: true });
        fit.push((performance.now() - t0) / 1000);
      }
    }
    rows.push({
      data: c.id,
      formula: c.formula,
      rows: table.nrow,
      levels: model.nGroups,
      MB: statSync(c.file).size / 1e6,
      'read s': median(read),
      'read cpu s': median(readCpu),
      'fromFormula s': median(build),
      'fromFormula cpu s': median(buildCpu),
      'fit s': fit.length ? median(fit) : null,
      reads: read,
      fromFormulas: build,
    });
  }
  // the CLI end to end, each run a fresh process (bench/cli-cpu.js runs dist/cli.js and reports its CPU time)
  const big = cases[0].file;
  const command = `node dist/cli.js fit ${big} -f 'y ~ x + (x|g)' --json`;
  const walls = [];
  const cpus = [];
  let outBytes = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [join(here, 'cli-cpu.js'), 'fit', big, '-f', 'y ~ x + (x|g)', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    walls.push((performance.now() - t0) / 1000);
    if (p.status !== 0) throw new Error(`CLI failed: ${p.stderr}`);
    const cpu = JSON.parse(p.stderr.trim().split('\n').pop());
    cpus.push(cpu.cpuUser + cpu.cpuSystem);
    outBytes = p.stdout.length;
  }
  printTable(['data', 'formula', 'rows', 'levels', 'MB', 'read s', 'read cpu s', 'fromFormula s', 'fromFormula cpu s', 'fit s'], rows);
  process.stdout.write(
    `\nCLI end to end (median of ${reps}): ${median(walls).toFixed(2)} s wall, ${median(cpus).toFixed(2)} s CPU (user + system), --json output ${outBytes} bytes\n` +
      `  ${command}\n  load average at the start: ${load.toFixed(1)} on this machine's cores\n`,
  );
  writeResults('read', {
    reps,
    note: 'medians over reps; wall times depend on the machine load (loadAverage1m at the start), CPU times much less',
    loadAverage1m: load,
    cases: rows,
    cli: { command, wallSeconds: median(walls), cpuSeconds: median(cpus), walls, cpus, jsonBytes: outBytes },
    peakRssMb: peakRssMb(),
  });
  return rows;
}
