export { Table, toTable, type TableInput, type ArrowTableLike, type ArrowVectorLike } from './table.js';
export { toColumn, boolLabel, isMissingAt, type Column, type NumericColumn, type CategoricalColumn } from './column.js';
export { parseCsv, sniffDelimiter, DEFAULT_NA_STRINGS, type CsvOptions, type ColumnType } from './csv.js';
export { editDistance, closestName, didYouMean } from './closest.js';
