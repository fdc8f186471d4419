/** Output files are written whole or not at all: to a temporary file in the same folder, then renamed. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` atomically: a temporary sibling file is written and
 * renamed over `path` (a rename within one folder is atomic on POSIX), so a
 * reader never sees a half-written file and a failed or stopped run leaves
 * any previous file untouched.
 *
 * @example
 * ```ts
 * writeFileAtomic('ranef.csv', ranefCsv(r));
 * ```
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
