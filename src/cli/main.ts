/**
 * The `mixedlm` command line: `fit`, `simulate`, `demo`, `predict`, `compare`, `plot`, `anova`.
 * Exit codes: 0 success (warnings, e.g. not converged, on stderr or in the
 * JSON), 1 model/data error (message on stderr), 2 usage error (unknown
 * command or option, or a bad option value), 3 stopped by `--timeout` (no
 * output file written).
 */
import { Command, CommanderError, Option } from 'commander';
import { FitAbortedError, InvalidArgumentError, MixedLMError } from '../errors.js';
import { VERSION } from '../version.js';
import type { FitCommandOptions } from './fit.js';
import { processIO, type CliIO } from './io.js';
import type { PlotCommandOptions } from './plot.js';
import { PLOT_KINDS } from './plot-kinds.js';

// each command's module is loaded when the command runs (start-up loads only the parser)

const collect = (value: string, prev: string[]): string[] => [...prev, value];

/** The data argument and the model options shared by `fit` and `simulate`. */
function modelOptions(c: Command): Command {
  return c
    .argument('<data>', 'data file (CSV, TSV, Arrow IPC or Parquet)')
    .requiredOption('-f, --formula <formula>', "model formula, e.g. 'Reaction ~ Days + (Days | Subject)'")
    .option('-g, --groups <column>', 'groups column (statsmodels dialect)')
    .option('--re-formula <formula>', "random-effects formula per group (statsmodels), e.g. '~Days'")
    .option('--vc <name=formula>', "variance component (statsmodels), e.g. 'cask=0 + C(cask)'; repeatable", collect, [] as string[])
    .option('--ml', 'maximum likelihood instead of REML')
    .option('--method <names>', 'optimizer(s), comma-separated: bfgs, lbfgs, cg, nm')
    .addOption(new Option('--missing <how>', 'missing values').choices(['none', 'drop']))
    .option('--maxiter <n>', 'iteration limit per optimizer (ends with a not-converged warning)')
    .option('--timeout <seconds>', 'stop the fit after this many seconds (exit code 3, no output written)');
}

function program(io: CliIO): Command {
  const p = new Command('mixedlm');
  p.description('Linear mixed-effects models (statsmodels MixedLM API, lme4 formulas, sparse crossed engine)')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run with --help for usage)');
  modelOptions(p.command('fit'))
    .description('fit a model to a CSV/TSV/Arrow/Parquet file and print the summary (or --json); with --engine duckdb DuckDB aggregates CSV/Parquet files (globs too) where they lie; a clickhouse://HOST:PORT/DB.TABLE source is aggregated on the ClickHouse server (credentials from MIXEDLM_CLICKHOUSE_USER / MIXEDLM_CLICKHOUSE_PASSWORD)')
    .option('--engine <name>', 'where the data are aggregated: memory (default) or duckdb')
    .option('--json', 'print the results as one JSON object (a few KB) instead of the text summary')
    .option('--save <file>', 'write the full saved fit (JSON) that `predict` and `compare` read')
    .option('--ranef <file>', 'write the conditional modes as CSV (group, term, level, value[, condvar])')
    .addOption(new Option('--conf-int <method>', 'add confidence intervals').choices(['wald', 'profile', 'bootstrap']))
    .option('--level <p>', 'confidence level for --conf-int (default 0.95)')
    .option('--nboot <n>', 'bootstrap replicates for --conf-int bootstrap (default 200)')
    .option('--seed <s>', 'seed for --conf-int bootstrap (default 0)')
    .option('--ddf <method>', 'fixed-effects t tests with df: satterthwaite, kenward-roger (REML only), residual, none')
    .option('--anova <type>', 'add an ANOVA table of the fixed-effect terms: 1, 2 or 3 (F tests with --ddf)')
    .action(async (data: string, o: FitCommandOptions) => (await import('./fit.js')).fitCommand(data, o, io));
  modelOptions(p.command('simulate'))
    .description('fit a model, then write simulated responses (CSV columns sim_1..sim_N, one row per row used in the fit)')
    .option('--nsim <n>', 'number of simulated responses (default 1)')
    .option('--seed <s>', 'seed of the first replicate; replicate k uses seed + k - 1 (default 0)')
    .option('-o, --output <file>', 'write the CSV to a file instead of stdout')
    .action(async (data: string, o: FitCommandOptions & { nsim?: string; output?: string }) => (await import('./fit.js')).simulateCommand(data, o, io));
  p.command('demo')
    .description('fit the bundled InstEval crossed model y ~ service + (1|s) + (1|d) + (1|dept) (REML)')
    .option('--rows <n>', 'use only the first n rows')
    .option('--json', 'print the results as JSON instead of text')
    .option('--save <file>', 'write the full saved fit (JSON)')
    .action(async (o: { rows?: string; json?: boolean; save?: string }) => (await import('./fit.js')).demoCommand(o, io));
  p.command('predict')
    .description('predict from a fit saved with `fit --save` for the rows of a data file (CSV column "predicted")')
    .argument('<fit>', 'saved fit (JSON written by fit --save)')
    .argument('<data>', 'data file with the formula variables')
    .option('--population-for-new-levels', 'unseen grouping levels contribute 0 instead of raising an error')
    .option('--fixed-only', 'fixed effects only')
    .option('-o, --output <file>', 'write the CSV to a file instead of stdout')
    .option('--allow-changed-data', 'when DATA is the file the fit was made from and it changed since, warn instead of failing')
    .action(async (fit: string, data: string, o: { populationForNewLevels?: boolean; fixedOnly?: boolean; output?: string; allowChangedData?: boolean }) =>
      (await import('./predict.js')).predictCommand(fit, data, o, io),
    );
  p.command('compare')
    .description('likelihood-ratio test of two fits saved with `fit --save` (refitted from their recorded data; REML fits are refitted by ML)')
    .argument('<fitA>', 'first saved fit (fit --save; a fit --json output also works)')
    .argument('<fitB>', 'second saved fit')
    .option('--json', 'print JSON')
    .option('--allow-changed-data', 'refit even when a data file changed since its fit was saved (a data-changed warning instead of an error)')
    .action(async (a: string, b: string, o: { json?: boolean; allowChangedData?: boolean }) => (await import('./compare.js')).compareCommand(a, b, o, io));
  p.command('plot')
    .description('draw a saved fit as SVG: caterpillar (from the saved modes); profile, residuals, bootstrap (refitted from the data)')
    .argument('<fit>', 'saved fit (JSON written by mixedlm fit --save)')
    .argument('[data]', 'data file to refit from (default: the file recorded in the fit)')
    .addOption(new Option('-k, --kind <kind>', 'plot kind').choices([...PLOT_KINDS]).makeOptionMandatory())
    .option('-o, --output <file>', 'write the SVG to a file instead of stdout (SVG only: no pure-JS PNG rasterizer)')
    .option('--level <p>', 'interval coverage (default 0.95)')
    .option('--nboot <n>', 'bootstrap replicates for --kind bootstrap (default 200)')
    .option('--seed <s>', 'bootstrap seed (default 0)')
    .option('--width <px>', 'figure width in px (default 640)')
    .action(async (fit: string, data: string | undefined, o: PlotCommandOptions) => (await import('./plot.js')).plotCommand(fit, data, o, io));
  p.command('anova')
    .description('ANOVA table (F tests with Satterthwaite or Kenward-Roger df) of a fit saved with `fit --json` (refitted from its recorded data)')
    .argument('<fit>', 'fit JSON file')
    .option('--type <type>', 'hypothesis type: 1, 2 or 3 (default 3, as lmerTest)')
    .option('--ddf <method>', 'satterthwaite (default for lme4 formulas), kenward-roger, residual, none')
    .option('--json', 'print JSON')
    .action(async (fit: string, o: { type?: string; ddf?: string; json?: boolean }) => (await import('./inference.js')).anovaCommand(fit, o, io));
  return p;
}

/**
 * Runs the command line on `argv` (without `node` and the script); returns the
 * exit code: 0 success, 1 model/data error, 2 usage error, 3 stopped by `--timeout`.
 *
 * @example
 * ```ts
 * const code = await main(['fit', 'data/sleepstudy.csv', '--formula', 'Reaction ~ Days + (Days | Subject)', '--json']);
 * ```
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const p = program(io);
  try {
    if (argv.length === 0) {
      io.out(p.helpInformation());
      return 0;
    }
    await p.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' || e.exitCode === 0) return 0;
      return 2;
    }
    if (e instanceof FitAbortedError) {
      io.err(`stopped: ${e.message}; nothing was written\n`);
      return 3;
    }
    if (e instanceof InvalidArgumentError && e.argument.startsWith('--')) {
      // a bad value of a command-line option is a usage error
      io.err(`error: ${e.message}\n(run with --help for usage)\n`);
      return 2;
    }
    if (e instanceof MixedLMError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    const err = e as { code?: unknown; message?: unknown };
    if (typeof err?.code === 'string' && (err.code.startsWith('CSV_') || err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')) {
      io.err(`error: ${String(err.message)}\n`);
      return 1;
    }
    throw e;
  }
}
