/** The page's variance-component input: `NAME=FORMULA` pairs separated by `;` (the CLI's `--vc`, repeated). */
import { InvalidArgumentError } from '../../src/index.js';

/**
 * `cask=0 + C(cask); batch=0 + C(batch)` → `{ cask: '0 + C(cask)', batch: '0 + C(batch)' }` (statsmodels'
 * `vc_formula`); empty text → undefined. A part without `NAME=` or without a formula is an
 * `InvalidArgumentError` on `vcFormula` naming it.
 *
 * @example
 * ```ts
 * parseVcText('cask=0 + C(cask)'); // { cask: '0 + C(cask)' }
 * ```
 */
export function parseVcText(text: string): Record<string, string> | undefined {
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const p of parts) {
    const k = p.indexOf('=');
    if (k <= 0 || p.slice(k + 1).trim() === '') throw new InvalidArgumentError('vcFormula', `expected NAME=FORMULA pairs separated by ';' (e.g. cask=0 + C(cask)), got '${p}'`);
    const name = p.slice(0, k).trim();
    if (name in out) throw new InvalidArgumentError('vcFormula', `component '${name}' is given twice`);
    out[name] = p.slice(k + 1).trim();
  }
  return out;
}
