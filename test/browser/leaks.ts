// Shared by the bundler tests: the scan for Node APIs left in browser bundles.

/** Node globals a browser lacks. */
export const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate', 'module', 'exports'];

/**
 * Free uses of Node globals and `node:` imports in minified code ("x.process" and "processes" do not count).
 *
 * @example
 * ```ts
 * nodeLeaks('let a=process.env.X'); // ['let a=process.env.X']
 * ```
 */
export function nodeLeaks(code: string): string[] {
  const out: string[] = [];
  const ident = new RegExp(`(?<![\\w$.])(${NODE_GLOBALS.join('|')})(?![\\w$])(?!\\s*:)`, 'g');
  for (const m of code.matchAll(ident)) out.push(code.slice(Math.max(0, m.index - 40), m.index + 40));
  for (const m of code.matchAll(/["'`]node:[\w/]+["'`]/g)) out.push(code.slice(Math.max(0, m.index - 40), m.index + 40));
  return out;
}

/**
 * The globals of a `vm` context standing for a browser page: web APIs only (no process, Buffer, require).
 *
 * @example
 * ```ts
 * const ctx = createContext(WEB_GLOBALS()); runInContext(code, ctx);
 * ```
 */
export const WEB_GLOBALS = (): Record<string, unknown> => ({
  console, TextEncoder, TextDecoder, WebAssembly: (globalThis as Record<string, unknown>).WebAssembly, Blob, URL, performance, setTimeout, clearTimeout, queueMicrotask, Promise,
});
