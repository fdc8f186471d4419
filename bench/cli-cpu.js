#!/usr/bin/env node
// `node bench/cli-cpu.js ARGS…` runs the built CLI (dist/cli.js) with ARGS in this process and,
// at exit, writes this process's CPU seconds as one JSON line to stderr: {"cpuUser":…,"cpuSystem":…}.
// bench/read.js uses it to report CPU time next to wall time on a shared machine.
process.on('exit', () => {
  const c = process.cpuUsage();
  process.stderr.write(`\n${JSON.stringify({ cpuUser: c.user / 1e6, cpuSystem: c.system / 1e6 })}\n`);
});
process.argv.splice(1, 1, new URL('../dist/cli.js', import.meta.url).pathname);
await import('../dist/cli.js');
