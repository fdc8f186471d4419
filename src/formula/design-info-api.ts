/**
 * The public export of `DesignInfo`: the binding itself installs its
 * `fromJSON` decoder (the checks of formula/design-json.ts) in the registry,
 * so a bundle that never uses `DesignInfo` (nor reads a saved fit) leaves the
 * decoder out. A computed binding, not a re-export: a bundler cannot forward
 * an import of it to design.ts and skip the installation.
 */
import { DesignInfo as DesignInfoClass } from './design.js';
import { decodeDesignInfo } from './design-json.js';
import { install } from '../registry.js';

function withDecoder(cls: typeof DesignInfoClass): typeof DesignInfoClass {
  install('readDesign', (json) => {
    const p = decodeDesignInfo(json);
    return new cls(p.source, p.rhs, p.termList, p.factors, p.terms, p.columnNames, p.state);
  });
  return cls;
}

/**
 * How a formula's columns were built (see formula/design.ts), with
 * `DesignInfo.fromJSON` installed.
 *
 * @example
 * ```ts
 * DesignInfo.fromJSON(JSON.parse(JSON.stringify(info))).build(newRows);
 * ```
 */
export const DesignInfo = withDecoder(DesignInfoClass);
/** An instance of {@link DesignInfo}. */
export type DesignInfo = DesignInfoClass;
