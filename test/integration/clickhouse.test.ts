/**
 * ClickHouse (Debian's clickhouse-server, started here): data split over two
 * shards behind a Distributed table; the SQL cross products equal the
 * in-memory ones. Never skipped: if the server cannot start, these fail with its log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { ClickHouseEngine, parseClickHouseUrl } from '../../src/engines/clickhouse.js';
import { crossProductsFromSql } from '../../src/engines/from-sql.js';
import { crossProductsInMemory } from '../../src/engines/memory.js';
import { readTableSync } from '../../src/data/read.js';
import { Table } from '../../src/data/table.js';
import { DataError, EngineError, InvalidArgumentError } from '../../src/errors.js';
import { REPO_ROOT } from '../paths.js';
import { expectCrossProductsClose } from '../engines/compare.js';
import { freePort, startClickHouse, type RunningClickHouse } from './clickhouse-server.js';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { MixedLM } from '../../src/model/mixedlm.js';

const DATA = resolve(REPO_ROOT, '..', 'shared', 'data');
let ch: RunningClickHouse;
let engine: ClickHouseEngine;
const tables = new Map<string, Table>();

const tsvField = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/** Creates shard1.NAME, shard2.NAME (alternate rows) and dist.NAME (Distributed over both). */
async function load(name: string, t: Table): Promise<void> {
  const cols = t.names.map((n) => `\`${n}\` ${t.column(n).kind === 'numeric' ? 'Nullable(Float64)' : 'Nullable(String)'}`).join(', ');
  const bodies = ['', ''];
  for (let i = 0; i < t.nrow; i++) {
    const f = t.names.map((n) => {
      const c = t.column(n);
      if (c.kind === 'numeric') return Number.isNaN(c.values[i]!) ? '\\N' : String(c.values[i]!);
      const v = c.values[i]!;
      return v === null ? '\\N' : tsvField(v);
    });
    bodies[i % 2] += `${f.join('\t')}\n`;
  }
  for (const [k, db] of ['shard1', 'shard2'].entries()) {
    await ch.exec(`CREATE TABLE ${db}.${name} (${cols}) ENGINE = MergeTree() ORDER BY tuple()`);
    await ch.exec(`INSERT INTO ${db}.${name} FORMAT TabSeparated`, bodies[k]!);
  }
  await ch.exec(`CREATE TABLE dist.${name} (${cols}) ENGINE = Distributed(two_shards, '', ${name})`);
  tables.set(name, t);
}

/** Seeded synthetic data with NULLs, a numeric grouping (natural order) and awkward labels. */
function synthetic(n: number): Table {
  let s = 987654321;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cols = { y: [] as number[], x: [] as (number | null)[], w: [] as number[], g: [] as string[], h: [] as number[], f: [] as string[], a: [] as (string | null)[], b: [] as string[] };
  const G = ['g1', 'g2', "o'k\tx", 'back\\slash', 'g10', 'g3', 'g4'];
  for (let i = 0; i < n; i++) {
    const x = i % 41 === 0 ? null : Math.round(rnd() * 1000) / 100;
    cols.x.push(x);
    cols.w.push(rnd() + 0.01);
    cols.g.push(G[Math.floor(rnd() * G.length)]!);
    cols.h.push([2, 10, 7][i % 3]!);
    cols.f.push(['lo', 'mid', 'hi'][Math.floor(rnd() * 3)]!);
    cols.a.push(i % 37 === 0 ? null : ['A', 'B', 'C', 'D'][i % 4]!);
    cols.b.push(['p', 'q', 'r'][Math.floor(rnd() * 3)]!);
    cols.y.push(3 + 0.5 * (x ?? 0) + rnd() * 4);
  }
  return Table.fromColumns(cols);
}

beforeAll(async () => {
  ch = await startClickHouse();
  for (const db of ['shard1', 'shard2', 'dist']) await ch.exec(`CREATE DATABASE ${db}`);
  await load('sleepstudy', readTableSync(join(DATA, 'sleepstudy.csv')));
  await load('penicillin', readTableSync(join(DATA, 'Penicillin.csv')));
  await load('insteval', readTableSync(join(DATA, 'InstEval.csv')));
  await load('syn', synthetic(500));
  engine = await ClickHouseEngine.create({ host: '127.0.0.1', port: ch.httpPort, database: 'dist', username: ch.user, password: ch.password });
}, 300_000);

afterAll(async () => {
  await engine?.close();
  await ch?.stop();
}, 60_000);

const TOL = 1e-10; // relative, per product array (summation order differs across shards)

describe('ClickHouse (two shards behind a Distributed table) equals in-memory', () => {
  const cases: [string, string][] = [
    ['sleepstudy', 'Reaction ~ Days + (Days | Subject)'],
    ['penicillin', 'diameter ~ 1 + (1 | plate) + (1 | sample)'],
    ['insteval', 'y ~ service + (1 | s) + (1 | d) + (1 | dept)'],
    ['syn', 'y ~ f + x + (1 | g)'],
    ['syn', 'y ~ g + x + (1 | a)'], // fixed factor whose labels hold a quote, a tab and a backslash (string literals in SQL)
    ['syn', 'y ~ x * f + x:w + (1 | g)'],
    ['syn', 'y ~ x + (x || g)'],
    ['syn', 'y ~ x + (1 | a/b)'],
    ['syn', 'y ~ x + (x | g) + (1 | h)'],
    ['syn', 'y ~ w + (0 + f | g) + (w | a:b)'],
    ['syn', 'I(y / 10) ~ log(w) + I(x ** 2 - 1) + np.sqrt(w) + C(h, Treatment(10)) + (1 | g)'],
  ];
  for (const [name, f] of cases) {
    it(`${name}: ${f}`, async () => {
      const want = crossProductsInMemory(f, tables.get(name)!);
      const got = await crossProductsFromSql(engine, name, f);
      expectCrossProductsClose(got, want, TOL);
    });
  }

  it('a table on one shard only gives that shard’s rows (the Distributed table really spreads them)', async () => {
    const f = 'Reaction ~ Days + (Days | Subject)';
    const one = await crossProductsFromSql(engine, 'shard1.sleepstudy', f);
    expect(one.n).toBe(90);
  });
});

describe('ClickHouse bad input', () => {
  it('unknown table / column: a DataError naming it', async () => {
    await expect(crossProductsFromSql(engine, 'nosuch', 'y ~ x + (1 | g)')).rejects.toThrow(/dist\.nosuch/);
    await expect(crossProductsFromSql(engine, 'nosuch', 'y ~ x + (1 | g)')).rejects.toBeInstanceOf(DataError);
    const e = await crossProductsFromSql(engine, 'syn', 'y ~ xx + (1 | g)').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).column).toBe('xx');
  });

  it('a string response: a typed DataError', async () => {
    const e = await crossProductsFromSql(engine, 'syn', 'g ~ x + (1 | a)').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).column).toBe('g');
  });

  it('a refused connection: an EngineError with the URL', async () => {
    const port = await freePort();
    const bad = await ClickHouseEngine.create({ host: '127.0.0.1', port, database: 'dist' });
    const e = await crossProductsFromSql(bad, 'syn', 'y ~ x + (1 | g)').catch((err: unknown) => err);
    await bad.close();
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).url).toBe(`clickhouse://127.0.0.1:${port}/dist`);
    expect((e as EngineError).message).toMatch(/ECONNREFUSED/);
  });

  it('a server that drops the connection: an EngineError with the URL and the reason', async () => {
    const server: Server = createServer((sock) => sock.destroy());
    const port = await new Promise<number>((res) => server.listen(0, '127.0.0.1', () => res((server.address() as { port: number }).port)));
    const bad = await ClickHouseEngine.create({ host: '127.0.0.1', port, database: 'dist' });
    const e = await crossProductsFromSql(bad, 'syn', 'y ~ x + (1 | g)').catch((err: unknown) => err);
    await bad.close();
    await new Promise<void>((res) => server.close(() => res()));
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).message).toContain(`clickhouse://127.0.0.1:${port}/dist`);
    expect((e as EngineError).serverMessage).toMatch(/socket hang up|ECONNRESET/);
  });

  it('a wrong password: the server’s message, and the password is not in it', async () => {
    const bad = await ClickHouseEngine.create({ host: '127.0.0.1', port: ch.httpPort, database: 'dist', username: ch.user, password: 'not-the-password' });
    const e = await crossProductsFromSql(bad, 'syn', 'y ~ x + (1 | g)').catch((err: unknown) => err);
    await bad.close();
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).serverMessage).toMatch(/Wrong password/);
    expect((e as EngineError).message).not.toContain('not-the-password');
  });

  it('URLs: credentials are refused in the URL', () => {
    expect(parseClickHouseUrl('clickhouse://localhost:9123/db.t')).toEqual({ host: 'localhost', port: 9123, database: 'db', table: 't' });
    expect(() => parseClickHouseUrl('clickhouse://u:p@localhost:9123/db.t')).toThrow(InvalidArgumentError);
    expect(() => parseClickHouseUrl('clickhouse://localhost/db')).toThrow(InvalidArgumentError);
  });
});

describe('mixedlm fit clickhouse://', () => {
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = memoryIO();
    const code = await main(argv, io);
    return { code, out: io.stdout, err: io.stderr };
  }

  it('credentials from MIXEDLM_CLICKHOUSE_USER / _PASSWORD, never printed', async () => {
    process.env.MIXEDLM_CLICKHOUSE_USER = ch.user;
    process.env.MIXEDLM_CLICKHOUSE_PASSWORD = ch.password;
    try {
      const { code, out, err } = await run('fit', `clickhouse://127.0.0.1:${ch.httpPort}/dist.sleepstudy`, '-f', 'Reaction ~ Days + (Days | Subject)', '--json');
      expect(err).toBe('');
      expect(code).toBe(0);
      const j = JSON.parse(out) as { nobs: number; llf: number; source: { data: string } };
      expect(j.nobs).toBe(180);
      expect(j.source.data).toBe(`clickhouse://127.0.0.1:${ch.httpPort}/dist.sleepstudy`);
      const ref = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', tables.get('sleepstudy')!).fit();
      expect(Math.abs(j.llf - ref.llf)).toBeLessThan(1e-8 * Math.abs(ref.llf)); // 1e-8 relative
      expect(out + err).not.toContain(ch.password);
      process.env.MIXEDLM_CLICKHOUSE_PASSWORD = 'wrong-' + ch.password;
      const bad = await run('fit', `clickhouse://127.0.0.1:${ch.httpPort}/dist.sleepstudy`, '-f', 'Reaction ~ Days + (Days | Subject)');
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/clickhouse:\/\/127\.0\.0\.1:\d+\/dist: .*Wrong password/);
      expect(bad.out + bad.err).not.toContain(ch.password);
    } finally {
      delete process.env.MIXEDLM_CLICKHOUSE_USER;
      delete process.env.MIXEDLM_CLICKHOUSE_PASSWORD;
    }
  });

  it('a refused connection: exit 1 with the URL; credentials in the URL: refused, not echoed', async () => {
    const port = await freePort();
    const { code, out, err } = await run('fit', `clickhouse://127.0.0.1:${port}/dist.syn`, '-f', 'y ~ x + (1 | g)');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`clickhouse://127.0.0.1:${port}/dist`);
    const u = await run('fit', `clickhouse://me:secret@127.0.0.1:${port}/dist.syn`, '-f', 'y ~ x + (1 | g)');
    expect(u.code).toBe(1);
    expect(u.err).toMatch(/credentials do not belong in the URL/);
    expect(u.err).not.toContain('secret');
  });
});
