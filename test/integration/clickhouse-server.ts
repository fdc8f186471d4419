import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback TCP port (bound then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningClickHouse {
  dir: string;
  httpPort: number;
  tcpPort: number;
  pid: number;
  user: string;
  password: string;
  /** Runs one statement over HTTP (optionally with a request body appended after the query). */
  exec(query: string, body?: string): Promise<string>;
  stop(): Promise<void>;
}

const tail = (path: string, n = 40): string => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(-n).join('\n') : `(no ${path})`);

/**
 * Starts Debian's clickhouse-server with a generated config in a temporary
 * folder: loopback ports, a password user, and a `remote_servers` cluster
 * `two_shards` whose shards are the databases shard1 and shard2 on this server.
 * Fails with the server's log tail when it does not answer.
 */
export async function startClickHouse(): Promise<RunningClickHouse> {
  const dir = mkdtempSync(join(tmpdir(), 'mixedlm-clickhouse-'));
  const httpPort = await freePort();
  const tcpPort = await freePort();
  const user = 'mixedlm';
  const password = 'pw-' + Math.random().toString(36).slice(2);
  for (const d of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, d));
  const replica = (db: string): string => `<replica><host>127.0.0.1</host><port>${tcpPort}</port><default_database>${db}</default_database><user>${user}</user><password>${password}</password></replica>`;
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <remote_servers><two_shards><shard>${replica('shard1')}</shard><shard>${replica('shard2')}</shard></two_shards></remote_servers>
</yandex>
`,
  );
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><${user}><password>${password}</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></${user}></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`,
  );
  let child: ChildProcess;
  try {
    child = spawn('clickhouse-server', [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`clickhouse-server could not be spawned (apt-get install clickhouse-server): ${(e as Error).message}`);
  }
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  let exited: number | null = null;
  let spawnError = '';
  child.on('exit', (code) => (exited = code ?? -1));
  child.on('error', (e) => (spawnError = e.message));
  const base = `http://127.0.0.1:${httpPort}/`;
  const auth = { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': password };
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const r = await fetch(base, { method: 'POST', headers: auth, body: 'SELECT 1' });
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (exited !== null || spawnError || Date.now() > deadline) {
      if (exited === null) child.kill('SIGKILL');
      throw new Error(
        `clickhouse-server did not start (${spawnError || (exited !== null ? `exit ${exited}` : 'no answer in 90 s')}); stderr:\n${stderr.slice(-3000)}\nerror log tail:\n${tail(join(dir, 'server.err.log'))}\nlog tail:\n${tail(join(dir, 'server.log'))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const exec = async (query: string, body?: string): Promise<string> => {
    const r = await fetch(`${base}?query=${encodeURIComponent(query)}`, { method: 'POST', headers: auth, body: body ?? '' });
    const text = await r.text();
    if (!r.ok) throw new Error(`ClickHouse: ${query.slice(0, 200)}: ${text}`);
    return text;
  };
  const stop = async (): Promise<void> => {
    if (exited === null && child.pid !== undefined) {
      const done = new Promise<void>((res) => child.once('exit', () => res()));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => exited === null && child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, httpPort, tcpPort, pid: child.pid!, user, password, exec, stop };
}
