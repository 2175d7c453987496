import { CliError, DeclinedError, EXIT } from './errors.js';
import { printJson } from './output.js';
import { problemDocument } from './problem-document.js';

/**
 * The one place errors become output: one line with what went wrong, one with what to do, and the
 * exit code of SPEC §4. A stack trace appears only with --debug or DEBUG, and for our own bugs.
 * With `json` (the command had --json), the problem document goes to stdout as well.
 */
export function reportError(error: unknown, debug: boolean, json = false): number {
  const exitCode = sayError(error, debug);
  if (json) printJson(problemDocument(error, exitCode));
  return exitCode;
}

function sayError(error: unknown, debug: boolean): number {
  if (error instanceof CliError) {
    if (error.exitCode === EXIT.interrupted) {
      process.stderr.write('\n');
      return error.exitCode;
    }
    // A declined confirmation is no error: it is said plainly, without the "cowork:" of a failure.
    process.stderr.write(error instanceof DeclinedError ? `${error.message}\n` : `cowork: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    if (debug) process.stderr.write(`${error.stack ?? ''}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cowork: unexpected error: ${message}\n`);
  process.stderr.write(debug && error instanceof Error ? `${error.stack ?? ''}\n` : '  Run again with --debug for details, and report it if it persists.\n');
  return EXIT.failure;
}
