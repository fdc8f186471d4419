import { VERSION } from '../version.js';

/** Runs the command line; returns the exit code (0 ok, 1 model/data error, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--version') || argv.includes('-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  process.stdout.write('usage: mixedlm <command> [options]\n');
  return argv.length === 0 || argv.includes('--help') ? 0 : 2;
}
