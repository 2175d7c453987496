import type { Problem } from './api-types.js';

/**
 * The few kinds of failure the CLI knows, each with its exit code (SPEC §4).
 * Commands throw these; the one top-level handler in main.ts prints them and exits.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  refused: 3,
  auth: 4,
  unreachable: 5,
  interrupted: 130,
} as const;

export class CliError extends Error {
  /** The API's problem document, when the error is the server's answer (printed as is by --json). */
  declare readonly problem?: Problem;

  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    /** One line telling the person what to do next. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad usage or input: a flag is missing, a time cannot be read (exit 2). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** The rules said no: overlap, outside the join window, nothing to join (exit 3). */
export class RefusedError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.refused, hint);
  }
}

/** No token, or the server refused it (exit 4). */
export class AuthError extends CliError {
  constructor(message: string, hint = 'Run `cowork login` (or `cowork signup`), or set COWORK_TOKEN.', override readonly problem?: Problem) {
    super(message, EXIT.auth, hint);
  }
}

/** The server could not be reached at all (exit 5). */
export class UnreachableError extends CliError {
  constructor(message: string, hint = 'Start a server with `cowork serve`, or point elsewhere with --server or COWORK_SERVER.') {
    super(message, EXIT.unreachable, hint);
  }
}

/** The person answered No to a confirmation: say what did not happen (SPEC §11, exit 1). */
export class DeclinedError extends CliError {
  constructor(whatDidNotHappen: string) {
    super(whatDidNotHappen, EXIT.failure);
  }
}

/** Ctrl-C while waiting or prompting: leave quietly. */
export class InterruptedError extends CliError {
  constructor() {
    super('Interrupted.', EXIT.interrupted);
  }
}
