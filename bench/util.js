// Shared benchmark helpers: timing, memory, tables, result files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** Median of a numeric array. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` once to warm up, then `reps` times; returns {median, times} in milliseconds. */
export async function timeIt(fn, reps = 5, warmup = 1) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  let last;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { median: median(times), times, last };
}

/** Peak resident set size of this process so far, in MB (Linux: VmHWM). */
export function peakRssMb() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* fall through */
  }
  return process.memoryUsage().rss / 2 ** 20;
}

/**
 * CPU seconds used so far: by the whole process (every thread) and by the
 * calling thread alone (Linux: /proc/thread-self/stat utime + stime, 10 ms
 * ticks; NaN elsewhere). On a busy shared machine these say what wall time
 * cannot: the work the threads did, and the calling thread's share of it (its
 * CPU time bounds the wall time on an idle machine from below).
 */
export function cpuSeconds() {
  const u = process.cpuUsage();
  let thread = NaN;
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    thread = (Number(rest[11]) + Number(rest[12])) / 100; // fields 14, 15 (utime, stime) in USER_HZ = 100
  } catch {
    /* not Linux */
  }
  return { process: (u.user + u.system) / 1e6, thread };
}

/** Prints an aligned text table: `rows` are objects, `columns` their keys in order. */
export function printTable(columns, rows) {
  const fmt = (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? formatNumber(v) : String(v));
  const cells = rows.map((r) => columns.map((c) => fmt(r[c])));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (vals) => '| ' + vals.map((v, j) => v.padStart(widths[j])).join(' | ') + ' |';
  process.stdout.write(line(columns) + '\n');
  process.stdout.write('|' + widths.map((w) => '-'.repeat(w + 1) + ':').join('|') + '|\n');
  for (const r of cells) process.stdout.write(line(r) + '\n');
}

function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(1) : a >= 1 ? v.toFixed(3) : v.toPrecision(4);
}

/** Writes bench/results/<name>.json with machine info. */
export function writeResults(name, payload) {
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const os = process.platform + ' ' + process.arch;
  const body = { suite: name, date: new Date().toISOString(), node: process.version, os, ...payload };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
}

/**
 * Installs the WebAssembly dense kernels of the build at `dist` (a file URL ending in '/'), as the
 * package's Node entry does at import: benchmarks that import dist/ modules directly would otherwise
 * run the JavaScript kernels only. Builds from before the installation (MIXEDLM_DIST) have no
 * wasm-api.js and always had the kernels.
 */
export async function useDenseWasm(dist) {
  const url = new URL('sparse/dense/wasm-api.js', dist);
  if (existsSync(fileURLToPath(url))) (await import(url.href)).useDenseWasm();
}
