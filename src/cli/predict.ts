/** `mixedlm predict FIT_JSON DATA`: predictions from a saved fit. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataError, InvalidArgumentError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readTable } from '../data/read.js';
import { MixedLMResults } from '../model/results-api.js';
import type { FitJSON } from '../model/formula-results.js';
import type { CliIO } from './io.js';
import { savedSourceModel } from './compare.js';

/**
 * Reads a fit saved by `mixedlm fit --save` (or `results.toJSON()`).
 *
 * @example
 * ```ts
 * const saved = readFitJson('fit.json');
 * ```
 */
export function readFitJson(path: string): FitJSON {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read '${path}': ${(e as Error).message}`, { row: -1 });
  }
  try {
    return JSON.parse(text) as FitJSON;
  } catch (e) {
    throw new DataError(`'${path}' is not valid JSON: ${(e as Error).message}`, { row: -1 });
  }
}

/**
 * Runs `mixedlm predict`. Output: CSV with one column `predicted`, one row per data row.
 *
 * @example
 * ```ts
 * await predictCommand('fit.json', 'new.csv', { populationForNewLevels: true }, processIO());
 * ```
 */
export async function predictCommand(
  fitPath: string,
  dataPath: string,
  o: { populationForNewLevels?: boolean; fixedOnly?: boolean; output?: string; allowChangedData?: boolean },
  io: CliIO,
): Promise<void> {
  if (o.output !== undefined && o.output.trim() === '') throw new InvalidArgumentError('--output', 'expected a file name, got an empty string');
  const json = readFitJson(fitPath) as FitJSON & { model?: unknown; format?: unknown };
  if (json !== null && typeof json === 'object' && json.format === undefined && json.model === undefined && 'fe_params' in json) {
    throw new DataError(`'${fitPath}' holds results only (fit --json); write the fit that predict reads with 'mixedlm fit ... --save FILE'`, { row: -1 });
  }
  const saved = MixedLMResults.fromJSON(json);
  // predicting on the very file the fit was made from: check that it has not changed since
  const source = (json as unknown as { source?: { data?: unknown } }).source;
  if (source && typeof source.data === 'string' && resolve(dataPath) === source.data) {
    const { changed } = await savedSourceModel(fitPath, o.allowChangedData ?? false);
    if (changed) io.err(`warning [data-changed]: ${changed}\n`);
  }
  const table = await readTable(dataPath);
  const pred = saved.predict(table, { newLevels: o.populationForNewLevels ? 'population' : 'error', includeRandom: !o.fixedOnly });
  const text = `predicted\n${pred.map((v) => String(v)).join('\n')}${pred.length ? '\n' : ''}`;
  if (o.output) writeFileAtomic(o.output, text);
  else io.out(text);
}
