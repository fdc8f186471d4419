// Entry bundled by test/browser/bundle.test.ts with Vite: what a web app imports (crossProductsInMemory: Rollup
// must keep the installation of MixedLM.fromCrossProducts's reader, src/registry.ts).
export { MixedLM, crossProductsInMemory, readTable } from 'mixedlm';
