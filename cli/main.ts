import { buildProgram } from './program.js';
import { commanderWords } from './commander-voice.js';
import { EXIT, UsageError } from './errors.js';
import { printJson } from './output.js';
import { problemDocument, wantsJson } from './problem-document.js';
import { reportError } from './report.js';
import { packageVersion } from './version.js';

export { enableCompileCache } from './compile-cache.js';

/**
 * The command the arguments name, when one comes before any option but the global ones: what
 * `-h`, `--help` or an unknown option before it means, the whole program says.
 */
function commandNamed(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--server') i++;
    else if (!(arg.startsWith('--server=') || arg === '--no-color' || arg === '--debug')) return arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}

/**
 * The `cowork` command: builds the program (cli/program.ts), only the command named when there is
 one (commander building ~40 commands costs more than most commands' own work), and runs it. `--version` does not even
 * load commander. Every error ends in reportError, which picks the exit code.
 */
export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const debug = args.includes('--debug') || Boolean(process.env.DEBUG);
  // `cowork list | head` closes the pipe early: the reader has what it wanted, so end quietly
  // (as a shell tool does), rather than with an unhandled EPIPE and its stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  try {
    const program = await buildProgram(packageVersion(), commandNamed(args));
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    const json = wantsJson(args);
    const { CommanderError } = await import('commander');
    // commander has already said it (in cowork's voice); help and --version end it with exit code 0.
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      if (json) printJson(problemDocument(new UsageError(commanderWords(error.message).message), EXIT.usage));
      return EXIT.usage;
    }
    return reportError(error, debug, json);
  }
}
