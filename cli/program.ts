import type { Command } from 'commander';
import { account } from './program/account-and-server.js';
import { community } from './program/community.js';
import { dailyRoutine } from './program/daily-routine.js';
import type { Action, Kit } from './program/kit.js';
import { mail } from './program/mail.js';
import { matching } from './program/matching.js';
import { sessions } from './program/sessions.js';

/**
 * The commands, registered with commander, each imported only when it runs, so that starting the
 * CLI costs little more than starting node. Each area of the CLI (cli/program/) holds its commands
 * and their examples; a new command goes into its area and into HELP_ORDER.
 */
const EXAMPLES: Record<string, string[]> = {
  ...account.examples, ...sessions.examples, ...matching.examples, ...community.examples, ...dailyRoutine.examples, ...mail.examples,
};
const COMMANDS = { ...account.commands, ...sessions.commands, ...matching.commands, ...community.commands, ...dailyRoutine.commands, ...mail.commands };

/** The order `cowork --help` lists the commands in: commander lists them as they are registered. */
const HELP_ORDER: (keyof typeof COMMANDS)[] = ['serve', 'signup', 'verify', 'login', 'logout', 'passwd', 'reset-password', 'change-email', 'delete-account', 'report', 'admin', 'whoami', 'stats', 'book', 'slots',
  'decline', 'fav', 'block', 'unblock', 'partners', 'settings', 'list', 'next', 'watch', 'cancel', 'task', 'routine', 'config', 'calendar', 'webhook', 'mcp', 'completion'];

const examplesText = (lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;

function withExamples(command: Command, lines = EXAMPLES[command.name()] ?? []): Command {
  return command.addHelpText('after', examplesText(lines));
}

/**
 * `cowork routine skip --help` shows the examples of its command that run it, so each sub-command's
 * help has its own; a sub-command given its own examples (`kit.examples`) keeps just those.
 */
function withSubcommandExamples(command: Command, explicit: ReadonlySet<Command>): void {
  for (const sub of command.commands) {
    if (explicit.has(sub)) continue;
    const prefix = `cowork ${command.name()} ${sub.name()} `;
    const lines = (EXAMPLES[command.name()] ?? []).filter((line) => line.startsWith(prefix));
    if (lines.length > 0) sub.addHelpText('after', examplesText(lines));
  }
}

/** commander calls actions with (...arguments, options, command); hand commands their options with globals. */
const run = (load: () => Promise<Action>) =>
  async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const action = await load();
    await action(command.optsWithGlobals(), ...(args.slice(0, -2) as never[]));
  };

/**
 * The `cowork` program. With `only`, just that command (and its sub-commands) is built beside the
 * global options: commander then parses and reports exactly as with the whole program, which help,
 * completion and unknown commands need; a name that is not a command builds the whole program.
 */
export async function buildProgram(version: string, only?: string): Promise<Command> {
  const [{ Argument, Command, Option }, { commanderVoice }, { completes }] = await Promise.all([
    import('commander'), import('./commander-voice.js'), import('./completion/sources.js'),
  ]);
  const program = new Command('cowork')
    .description('Virtual coworking with a stranger, from the terminal.')
    .version(version, '-V, --version')
    .option('--server <url>', 'the API server (else COWORK_SERVER, the config, http://127.0.0.1:8787)')
    .option('--no-color', 'no colours (NO_COLOR works too)')
    .option('--debug', 'show stack traces of errors')
    .exitOverride()
    .configureOutput({ outputError: commanderVoice('cowork') })
    .addHelpText('after', `\nExit codes: 0 ok · 1 failure or a declined confirmation · 2 bad usage or input · 3 refused by the rules · 4 not logged in · 5 server unreachable · 130 interrupted\n\nExamples:\n  $ cowork signup\n  $ cowork book 50m 14:00 --task "write the report"\n  $ cowork next`);
  const json = () => new Option('--json', 'print one JSON document on stdout');
  const add = (spec: string, description: string) => {
    const command = withExamples(program.command(spec).description(description));
    const subcommands = () => command.commands.map((sub) => sub.name());
    return command.configureOutput({ outputError: commanderVoice(`cowork ${command.name()}`, subcommands) });
  };
  const sessionArgument = () => completes(new Argument('<id|next>', 'a session id from `cowork list`, or next'), 'sessions');
  const explicitExamples = new Set<Command>();
  const examples = (command: Command, lines: string[]) => {
    explicitExamples.add(command);
    return withExamples(command, lines);
  };
  const kit: Kit = { Argument, Option, completes, add, run, json, sessionArgument, examples };
  let defined = false;
  for (const name of HELP_ORDER) {
    if (only !== undefined && name !== only) continue;
    COMMANDS[name](kit);
    defined = true;
  }
  for (const command of program.commands) withSubcommandExamples(command, explicitExamples);
  if (only !== undefined) return defined ? program : buildProgram(version);
  program.command('__complete', { hidden: true }).argument('<shell>').argument('[args...]').allowUnknownOption().helpOption(false)
    .action(run(async () => {
      const { complete } = await import('./commands/completion.js');
      return ((_options, shell: string, args: string[]) => complete(program, shell, args)) as Action;
    }));
  return program;
}
