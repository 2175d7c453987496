import type { Argument, Command, Option } from 'commander';
import type { completes } from '../completion/sources.js';

/** What a command module exports to run it: its options (with the global ones), then its arguments. */
export type Action = (options: Record<string, unknown>, ...args: never[]) => Promise<void>;

/**
 * What the area files need to register their commands. commander and the completion sources are
 * loaded by buildProgram (cli/program.ts) and handed over here, so that these files import nothing
 * that runs at start-up.
 */
export interface Kit {
  Argument: typeof Argument;
  Option: typeof Option;
  completes: typeof completes;
  /** A top-level command with its description, its examples and errors in its own voice. */
  add: (spec: string, description: string) => Command;
  /** The action that imports its command module only when it runs. */
  run: (load: () => Promise<Action>) => (...args: unknown[]) => Promise<void>;
  json: () => Option;
  sessionArgument: () => Argument;
  /** Adds examples to a sub-command's help, as `add` does for a top-level command. */
  examples: (command: Command, lines: string[]) => Command;
}

/** One area of the CLI: its commands by name, each registered by a function, and their examples. */
export interface Area {
  examples: Record<string, string[]>;
  commands: Record<string, (kit: Kit) => void>;
}
