// Regenerates the figures the README shows: `npm run docs:plots` (builds dist/ first).
// Deterministic: same data, same code → the same SVG bytes.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MixedLM, plotCaterpillar, plotResiduals, readTableSync } from '../dist/node.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fit = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', readTableSync(join(root, 'data', 'sleepstudy.csv'))).fit();
const out = {
  'caterpillar-sleepstudy.svg': plotCaterpillar(fit),
  'residuals-sleepstudy.svg': plotResiduals(fit),
};
for (const [name, svg] of Object.entries(out)) {
  writeFileSync(join(root, 'docs', name), svg);
  console.log(`docs/${name}  ${(svg.length / 1024).toFixed(1)} KiB`);
}
