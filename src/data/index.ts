export { Table, toTable, type TableInput, type ArrowTableLike, type ArrowVectorLike } from './table.js';
export { toColumn, boolLabel, isMissingAt, asColumn, CategoricalColumn, type Column, type NumericColumn, type PlainCategoricalColumn } from './column.js';
export { parseCsv, CsvParser, sniffDelimiter, DEFAULT_NA_STRINGS, type CsvOptions, type ColumnType } from './csv.js';
export { editDistance, closestName, didYouMean } from './closest.js';
