import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** After `npm test`: one line naming the integration suites it did not run and the command that runs them. */
export default function setup(): () => void {
  return () => {
    const dir = fileURLToPath(new URL('./integration/', import.meta.url));
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      return; // no integration suites in this checkout
    }
    const suites = files
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.test\.ts$/, ''));
    if (suites.length > 0) console.log(`Not run by npm test (they need system services): ${suites.join(', ')}; run them with npm run test:integration`);
  };
}
