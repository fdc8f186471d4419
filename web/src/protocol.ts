/** Messages between the page and the fitting worker. */

/** Which input an error belongs to (the page shows the message next to it). */
export type Field = 'data' | 'formula' | 'groups' | 'reFormula' | 'vcFormula' | 'fit';

/**
 * Page → worker: fit these data (the file's bytes: CSV, TSV, Parquet or Arrow, told apart by `dataName`'s
 * extension, else by content), or draw a plot of the last fit. `vcFormula` is the text of the page's
 * variance-component input (`NAME=FORMULA` pairs separated by `;`, the CLI's `--vc`).
 */
export type Request =
  | { type: 'fit'; bytes: ArrayBuffer; dataName: string; formula: string; groups?: string; reFormula?: string; vcFormula?: string; reml: boolean }
  | { type: 'plot'; kind: 'profile' | 'bootstrap'; nBoot?: number; seed?: number };

/** The numbers the page shows (and the browser test reads), at full precision. */
export interface FitNumbers {
  feNames: string[];
  feParams: number[];
  bseFe: number[];
  llf: number;
  scale: number;
  nobs: number;
  nGroups: number;
  method: 'REML' | 'ML';
  converged: boolean;
  varcorr: Array<{ grp: string; var1: string | null; var2: string | null; vcov: number; sdcor: number }>;
}

/** Worker → page. */
export type Reply =
  | { type: 'progress'; evaluations: number; objective: number; elapsedSeconds: number; stage: string }
  | { type: 'fitted'; numbers: FitNumbers; summary: string; varcorrText: string; caterpillar: string; residuals: string; json: string; seconds: number; warnings: string[] }
  | { type: 'plot'; kind: 'profile' | 'bootstrap'; svg: string; seconds: number }
  | { type: 'error'; field: Field; message: string };
