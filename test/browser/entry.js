// Entry bundled by test/browser/bundle.test.ts with Vite: what a web app imports.
export { MixedLM, readTable } from 'mixedlm';
