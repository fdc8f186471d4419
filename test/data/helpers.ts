import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The library's seeded PRNG (mulberry32), shared by every test suite. */
export { mulberry32 } from '../../src/model/inference/simulate.js';

let dir: string | undefined;

/** Writes `content` to a fresh file under os.tmpdir() and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'mixedlm-data-'));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
