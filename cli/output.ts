/** Where things are written: data (and --json documents) on stdout, messages on stderr. */
export interface GlobalOptions {
  server?: string | undefined;
  json?: boolean | undefined;
  /** false with --no-color. */
  color?: boolean | undefined;
  debug?: boolean | undefined;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Colour only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR wins over the TTY test. */
export function colorEnabled(stream: NodeJS.WriteStream, flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}
