// Entry bundled by test/browser/webpack.test.ts with webpack 5 for the browser: what a web app
// imports, plus a global `run` that reads CSV text and fits sleepstudy from the rows and from its cross products
// (called from a web-globals-only context).
import { MixedLM, crossProductsInMemory, readTable } from 'mixedlm';

globalThis.run = async (text) => {
  const t = await readTable(new Blob([new TextEncoder().encode(text)]));
  const r = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', t).fit({ reml: true });
  // fromCrossProducts's reader is installed by the module crossProductsInMemory comes from (src/registry.ts)
  const cross = MixedLM.fromCrossProducts(crossProductsInMemory('Reaction ~ Days + (Days | Subject)', t)).fit({ reml: true });
  return { llf: r.llf, fe: Array.from(r.feParams), nrow: t.nrow, anova: r.anova({ ddf: 'kenward-roger' }), crossLlf: cross.llf };
};
