import type { Problem } from './api-types.js';
import { CliError, DeclinedError, EXIT } from './errors.js';

/**
 * What `--json` prints on stdout when a command fails (SPEC §13): one JSON document, as on
 * success. An answer of the server is its problem document as it came; the CLI's own failures
 * (bad usage, not logged in, no server) take the same shape, with the status the API gives the
 * same kind of failure, and none where there is no such kind (a declined confirmation, Ctrl-C).
 */
interface Kind {
  slug: string;
  title: string;
  status?: number;
}

const KINDS: Record<number, Kind> = {
  [EXIT.usage]: { slug: 'cli-usage', title: 'Bad usage or input', status: 400 },
  [EXIT.auth]: { slug: 'cli-not-logged-in', title: 'Not logged in', status: 401 },
  [EXIT.refused]: { slug: 'cli-refused', title: 'Refused by the rules', status: 409 },
  [EXIT.unreachable]: { slug: 'cli-unreachable', title: 'Server unreachable', status: 503 },
  [EXIT.interrupted]: { slug: 'cli-interrupted', title: 'Interrupted' },
};
const FAILED: Kind = { slug: 'cli-failure', title: 'Failed', status: 500 };
const DECLINED: Kind = { slug: 'cli-declined', title: 'Not confirmed' };

export function problemDocument(error: unknown, exitCode: number): Problem {
  if (error instanceof CliError && error.problem) return error.problem;
  const kind = error instanceof DeclinedError ? DECLINED : KINDS[exitCode] ?? FAILED;
  const detail = error instanceof Error ? error.message : String(error);
  return { type: `urn:cowork:problem:${kind.slug}`, title: kind.title, ...(kind.status ? { status: kind.status } : {}), detail };
}

/** `--json` among the arguments, before any `--` that ends the options. */
export function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
