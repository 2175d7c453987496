import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { person, runCowork, type CoworkEnv } from './run-cowork.js';

/**
 * Every example README gives of the `cowork` command runs here, as written, through the built
 * bin/cowork against a real `bin/cowork serve`, so an example is tested the day it is written.
 *
 * What counts as an example (the rule `readmeExamples` applies):
 * - in a fenced block (indented ones too) tagged sh, bash, shell or console: every line (`\` continuations joined, a
 *   leading `$ ` and a trailing `# comment` removed) in which `cowork` is a word;
 * - in a fenced block without a tag: the lines that start with `$ cowork`;
 * - in the tables of "Using the CLI": every backtick span that starts with `cowork` or
 *   `npx cowork`, or pipes into one (`… \| cowork …`), `\|` read as `|`.
 * Prose mentions (`cowork routine list` inside a sentence) are not examples.
 *
 * How one runs: through `bash -o pipefail -c` in a folder holding the server's `./cowork.db`, with `cowork` on
 * PATH, as the person its entry in RUNS names, with these read as written in README:
 * `[…]` an optional part (run with it), `<id>` the id of the routine or webhook the command is
 * about, `<email|id>` the email of someone Ada may suspend, `<email>` another admin's email, `<topic>` a topic,
 * `<code>` an invite code, `--db …` the server's database, `$PW`/`$OLD`/`$NEW` passwords.
 * Each must not be a usage error and must exit with the code its entry expects (0 unless the
 * entry gives a documented refusal and why). An example in neither RUNS nor SKIPS fails the test,
 * as does an entry README no longer has.
 */

type Who = 'ada' | 'ben' | 'throwaway' | 'newcomer';
interface Run {
  /** Ada by default; `throwaway` is a fresh signed-up person, `newcomer` one not signed up. */
  as?: Who;
  /** A documented refusal: its exit code and why this state meets it. */
  refused?: { exit: number; why: string };
  /** Runs after all others (it changes what the others need). */
  last?: boolean;
}

const RUNS: Record<string, Run> = {
  'cowork book 50m 14:00 --json > answer.json || jq -r \'.type, .detail\' answer.json': {},
  'cowork routine add weekdays 9:00 50m --task "deep work"': {},
  'cowork list --json | jq -r \'.[] | "\\(.start) \\(.status) \\(.partner.name // "-")"\'': {},
  'cowork webhook add \'https://ntfy.sh/cowork-ada-7f3k2q?tpl=1&t={{.type}}&m={{.data.session.start}}\' --events session.matched,session.unmatched,session.starting': {},
  'cowork admin grant ada@example.org --db ./cowork.db': {},
  'cowork admin list --db ./cowork.db': {},
  'cowork admin list --db ./cowork.db --json': {},
  'cowork admin revoke ada@example.org --db ./cowork.db': { last: true },
  'cowork stats': {},
  'cowork verify 7KQ2M-X9WTD': { refused: { exit: 3, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'cowork verify --resend': { refused: { exit: 3, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'printf %s "$PW" | cowork change-email ada@example.net --password-stdin': { as: 'throwaway', refused: { exit: 3, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'cowork reset-password --email ada@example.com': { as: 'newcomer', refused: { exit: 2, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'printf %s "$NEW" | cowork reset-password --email ada@example.com --code 7KQ2M-X9WTD --password-stdin': { as: 'newcomer', refused: { exit: 2, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'cowork settings --mail-reminder 10m --mail-matches': { refused: { exit: 3, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'cowork settings --mail-reminder off --no-mail-matches': { refused: { exit: 3, why: 'the server here sends no mail; test/mail/ runs this against a real SMTP server' } },
  'printf %s "$PW" | cowork signup --name Ada --email ada@example.com --password-stdin [--invite <code>]': { as: 'newcomer' },
  'cowork logout': { as: 'throwaway' },
  'cowork logout --all': { as: 'throwaway' },
  'printf "%s\\n%s\\n" "$OLD" "$NEW" | cowork passwd --password-stdin': { as: 'throwaway' },
  'printf %s "$PW" | cowork delete-account --password-stdin --yes': { as: 'throwaway' },
  'cowork report next --reason no-show --note "never came"': { last: true },
  'cowork admin reports --json': {},
  'cowork admin suspend <email|id> --reason "…"': {},
  'cowork admin unsuspend <email|id>': {},
  'cowork admin invite --days 14': {},
  'cowork admin revoke <email> --db …': {},
  'cowork admin list --db … [--json]': {},
  'cowork whoami --json': {},
  'cowork book 50m 14:00 --task "write the report"': {},
  'cowork book 25m tomorrow 9:30': {},
  'cowork book 75m now': { as: 'throwaway' },
  'cowork list': {},
  'cowork list --all --json': {},
  'cowork next --no-open': {},
  'cowork cancel 019acb7e52d13f9c2a7d41b0 --yes': { refused: { exit: 3, why: 'an id that is none of yours (404)' } },
  'cowork task next "draft chapter 2"': {},
  'cowork stats --json': {},
  'cowork book 50m 14:00 --activity moving --quiet': { refused: { exit: 3, why: 'the example above it already booked 14:00: the overlap is named' } },
  'cowork book 50m "tomorrow 9:00" --with Ada': { as: 'ben' },
  'cowork slots': {},
  'cowork slots tomorrow 9:00 --duration 50': {},
  'cowork decline next': { refused: { exit: 3, why: 'the next session has begun: too late to decline' } },
  'cowork fav': { as: 'ben' },
  'cowork fav Ada': { as: 'ben' },
  'cowork fav rm Ada': { as: 'ben' },
  'cowork block Ada': { as: 'ben' },
  'cowork unblock Ada': { as: 'ben' },
  'cowork block': { as: 'ben' },
  'cowork partners': {},
  'cowork partners --json': {},
  'cowork settings': {},
  'cowork settings --match-with favorites': { as: 'throwaway' },
  'cowork settings --activity desk --quiet': { as: 'throwaway' },
  'cowork settings --languages en,de': { as: 'throwaway' },
  'cowork book 25m 16:00 --language de': { as: 'throwaway' },
  'cowork config set server https://cowork.example.org': { as: 'throwaway' },
  'cowork config get token': {},
  'cowork routine list': {},
  'cowork routine pause <id>': {},
  'cowork routine resume <id>': {},
  'cowork routine unskip <id> 31 dec [--through 2 jan]': {},
  'cowork calendar': {},
  'cowork calendar --rotate': {},
  // The server here allows private addresses (webhooks reach the test's receiver), so no DNS is asked when it is set; its fetch fails and show says so.
  'cowork calendar busy set https://calendar.google.com/calendar/ical/ada%40example.org/private-3f9c/basic.ics': {},
  'cowork calendar busy show': {},
  'cowork calendar busy rm': { last: true },
  'cowork book 50m 15:00 --anyway': {},
  'cowork webhook add https://ntfy.sh/<topic> --events session.matched,session.starting': {},
  'cowork webhook list': {},
  'cowork webhook ping <id>': {},
  'cowork webhook deliveries <id>': {},
  'cowork webhook rm <id> --yes': { last: true },
};

const SKIPS: Record<string, string> = {
  'npm install && npx cowork serve': 'starts a server and keeps running (test/e2e/fresh-clone.test.ts runs it)',
  'echo \'eval "$(cowork completion bash)"\' >> ~/.bashrc': 'writes the reader\'s ~/.bashrc',
  'cowork completion fish > ~/.config/fish/completions/cowork.fish': 'writes the reader\'s fish configuration',
  'COWORK_DB_URL=libsql://cowork-yourorg.turso.io COWORK_DB_AUTH_TOKEN=... npx cowork serve --host 0.0.0.0': 'needs a Turso database',
  'cowork serve --port 0 --db ./cowork.db': 'starts a server and keeps running (every test here runs it)',
  'cowork listening on <url>': 'what `serve` prints, not a command',
  'cowork cancel': 'named in the decline row\'s words; the cancel row has its examples',
  'cowork signup': 'prompts for every field',
  'cowork change-email ada@example.net': 'asks for the password (test/mail/verify-and-reset.test.ts runs it with --password-stdin)',
  'cowork reset-password': 'prompts (test/mail/verify-and-reset.test.ts answers it at a terminal)',
  'cowork login --email ada@example.com': 'prompts for the password',
  'cowork passwd': 'prompts for both passwords',
  'cowork delete-account': 'asks for the password and a confirmation',
  'cowork next': 'opens a browser',
  'cowork next --wait': 'waits for the window, then opens a browser',
  'cowork watch': 'keeps running until Ctrl-C (test/cli/watch.test.ts runs it, and Ctrl-C in a terminal)',
  'cowork watch --json': 'keeps running until Ctrl-C (test/cli/watch.test.ts runs it through a real server)',
  'cowork watch --json | jq --unbuffered -r \'select(.type == "session.matched") | "\\(.data.session.partner.name) at \\(.data.session.start)"\' | while read -r line; do curl -s -d "$line" https://ntfy.sh/cowork-ada-7f3k2q > /dev/null; done':
    'posts to ntfy.sh and keeps running (test/cli/watch.test.ts runs this very line from README, pointed at a local receiver)',
  'cowork cancel next': 'asks first (test/cli/interactive-confirm.test.ts)',
  'cowork routine rm <id>': 'asks first (test/cli/interactive-confirm.test.ts answers it at a terminal)',
  'cowork routine skip <id> 24 dec --through 2 jan': 'asks first; test/cli/routine.test.ts runs these words with --yes, interactive-confirm.test.ts answers one',
  'cowork mcp': 'serves MCP on stdin/stdout until its client hangs up; the SDK\'s own client drives it in test/cli/mcp.test.ts',
  'eval "$(cowork completion bash)"': 'changes the calling shell (test/cli/completion.test.ts)',
  'eval "$(cowork completion zsh)"': 'changes the calling shell (test/cli/completion.test.ts)',
  'cowork completion fish | source': 'fish syntax, changes the calling shell (test/cli/completion.test.ts)',
};

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** README's examples of `cowork`, in README's order, once each, by the rule at the top. */
function readmeExamples(): string[] {
  const found: { at: number; text: string }[] = [];
  for (const block of readme.matchAll(/^ *```(\w*)\n([\s\S]*?)^ *```/gm)) {
    const [, tag, body] = block as unknown as [string, string, string];
    const at = block.index;
    const lines = body.replace(/\\\n\s*/g, '').split('\n').map((line) => line.trim());
    if (['sh', 'bash', 'shell', 'console'].includes(tag)) {
      for (const line of lines) {
        const command = withoutComment(line.replace(/^\$ /, '')).trim();
        if (/(^|[^\w-])cowork(\s|$)/.test(command)) found.push({ at, text: command });
      }
    } else if (tag === '') {
      for (const line of lines) if (line.startsWith('$ cowork')) found.push({ at, text: line.slice(2).trim() });
    }
  }
  const start = readme.indexOf('\n## Using the CLI');
  const cli = readme.slice(start, readme.indexOf('\n## ', start + 1));
  let at = start;
  for (const line of cli.split('\n')) {
    const lineAt = at;
    at += line.length + 1;
    if (!line.startsWith('|')) continue;
    for (const span of line.matchAll(/`([^`]+)`/g)) {
      const text = span[1]!.replaceAll('\\|', '|');
      if (/^(npx )?cowork /.test(text) || /\| cowork /.test(text) || text.includes('$(cowork ')) found.push({ at: lineAt + span.index, text });
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((example) => example.text))];
}

/** A `#` that starts a word outside quotes starts a comment. */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

const PASSWORD = 'correct horse battery';
const T0 = '2030-01-06T08:00:00Z';
// A Monday, 09:10 in Berlin: Ada and Ben's session of 09:00 is on, their Sunday one is past.
const T1 = '2030-01-07T08:10:00Z';

const dir = mkdtempSync(join(tmpdir(), 'cowork-readme-'));
const folder = join(dir, 'folder');
const bin = join(dir, 'bin');
let server: ServerProcess;
let receiver: Receiver;
let ada: CoworkEnv;
let ben: CoworkEnv;
const ids = { routine: '', webhook: '', suspendable: '', benEmail: 'ben@example.org', invite: '' };

async function must(who: CoworkEnv | undefined, args: string[], input?: string): Promise<string> {
  const run = await runCowork(who, args, { input, env: { COWORK_NOW: who?.env.COWORK_NOW ?? T1 } });
  assert.equal(run.code, 0, `cowork ${args.join(' ')}\n${run.stderr}`);
  return run.stdout;
}

async function signUp(name: string, email: string, now: string): Promise<CoworkEnv> {
  const who = person(server.url, { COWORK_NOW: now });
  await must(who, ['signup', '--name', name, '--email', email, '--password-stdin'], `${PASSWORD}\n`);
  return who;
}

const serverEnv = (now: string) => ({ COWORK_NOW: now, COWORK_WEBHOOK_ALLOW_PRIVATE: '1' });

before(async () => {
  mkdirSync(folder);
  mkdirSync(bin);
  symlinkSync(COWORK_BIN, join(bin, 'cowork'));
  const dbPath = join(folder, 'cowork.db');
  receiver = await startReceiver();
  // A day earlier, Ada and Ben book two sessions together: one now past, one on at T1.
  server = await startServerProcess({ dbPath, env: serverEnv(T0) });
  ada = await signUp('Ada', 'ada@example.org', T0);
  ben = await signUp('Ben', ids.benEmail, T0);
  for (const who of [ada, ben]) {
    await must(who, ['book', '25m', '2030-01-06T08:15:00Z']);
    await must(who, ['book', '50m', '2030-01-07T08:00:00Z']);
  }
  const before = server.url;
  await server.stop();
  server = await startServerProcess({ dbPath, env: serverEnv(T1) });
  // The restarted server listens on another port: their stored tokens move with it.
  for (const who of [ada, ben]) {
    Object.assign(who.env, { COWORK_NOW: T1, COWORK_SERVER: server.url });
    const config = join(who.configHome, 'cowork', 'config.json');
    writeFileSync(config, readFileSync(config, 'utf8').replaceAll(before, server.url));
  }
  const cy = await signUp('Cy', 'cy@example.org', T1);
  ids.suspendable = (JSON.parse(await must(cy, ['whoami', '--json'])) as { email: string }).email;
  await must(undefined, ['admin', 'grant', ids.benEmail, '--db', dbPath]);
  ids.invite = (JSON.parse(await must(ben, ['admin', 'invite', '--json'])) as { code: string }).code;
  ids.routine = (JSON.parse(await must(ada, ['routine', 'add', 'mon,wed,fri', '16:00', '25m', '--json'])) as { id: string }).id;
  ids.webhook = (JSON.parse(await must(ada, ['webhook', 'add', receiver.url, '--json'])) as { id: string }).id;
});

after(async () => {
  await server?.stop();
  await receiver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** README's text as a shell runs it here (the substitutions listed at the top). */
function asRun(example: string): string {
  const about = /cowork (routine|webhook) /.exec(example)?.[1];
  return example
    .replace(/ \[([^\]]+)\]/g, ' $1')
    .replaceAll('<id>', about === 'routine' ? ids.routine : ids.webhook)
    .replaceAll('<email|id>', ids.suspendable)
    .replaceAll('<email>', ids.benEmail)
    .replaceAll('<topic>', 'cowork-readme-test')
    .replaceAll('<code>', ids.invite)
    .replaceAll('--db …', '--db ./cowork.db');
}

function runLine(line: string, who: CoworkEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...who.env, PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, PW: PASSWORD, OLD: PASSWORD, NEW: 'another horse battery' };
  // pipefail: a cowork that fails before a pipe (`cowork list --json | jq …`) fails the example.
  const child = spawn('bash', ['-o', 'pipefail', '-c', line], { cwd: folder, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

let people = 0;
async function runner(who: Who): Promise<CoworkEnv> {
  if (who === 'ada') return ada;
  if (who === 'ben') return ben;
  if (who === 'newcomer') return person(server.url, { COWORK_NOW: T1 });
  return signUp('Dee', `dee-${++people}@example.org`, T1);
}

test('every cowork example in README is either run below or skipped with a reason, and every entry is still in README', () => {
  const examples = readmeExamples();
  const unlisted = examples.filter((example) => !(example in RUNS) && !(example in SKIPS));
  assert.deepEqual(unlisted, [], 'a new README example: add it to RUNS (or SKIPS, with the reason it cannot run here)');
  const stale = [...Object.keys(RUNS), ...Object.keys(SKIPS)].filter((entry) => !examples.includes(entry));
  assert.deepEqual(stale, [], 'entries README no longer has');
});

test('every README example runs as written and exits 0, or with the refusal its entry documents', { timeout: 60_000 }, async () => {
  const examples = readmeExamples().filter((example) => example in RUNS);
  const ordered = [...examples.filter((example) => !RUNS[example]!.last), ...examples.filter((example) => RUNS[example]!.last)];
  const failures: string[] = [];
  for (const example of ordered) {
    const entry = RUNS[example]!;
    const run = await runLine(asRun(example), await runner(entry.as ?? 'ada'));
    const expected = entry.refused?.exit ?? 0;
    if (run.code !== expected || /^error: |Usage: cowork/m.test(run.stderr)) {
      failures.push(`${example}\n  ran: ${asRun(example)}\n  exit ${run.code}, expected ${expected}\n  ${run.stderr.trim().replaceAll('\n', '\n  ')}`);
    }
  }
  assert.deepEqual(failures, []);
});
