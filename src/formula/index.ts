export type { Formula, FormulaNode, FactorNode, RandomNode, PyNode } from './ast.js';
export { formatNode, formatFormula } from './ast.js';
export { tokenize, normalizeTokens, type Token, type TokenType } from './tokens.js';
export { parseFormula, parseRhs } from './parser.js';
export { termsOf, rhsTerms, makeTerm, INTERCEPT, type Term, type ModelDesc } from './terms.js';
export {
  buildDesign,
  designColumn,
  formulaVariables,
  type DesignMatrix,
  type DesignOptions,
  type FactorInfo,
  type TermInfo,
  type SubtermInfo,
} from './design.js';
export { DesignInfo } from './design-info-api.js';
export { completeRows, responseVector } from './response.js';
export { parseMixedFormula, randomTermDesign, type MixedFormula, type RandomTerm } from './mixed.js';
export { groupingFactor, type GroupingFactor, type GroupingOptions } from './grouping.js';
export { evaluateVcFormula } from './vc.js';
export { statefulCalls, type DesignInfoJSON } from './design-json.js';
export { forEachPyNode } from './ast.js';
