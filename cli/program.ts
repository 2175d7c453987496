import type { Command } from 'commander';

/**
 * The commands, registered with commander, each imported only when it runs, so that starting the
 * CLI costs little more than starting node.
 */
const EXAMPLES: Record<string, string[]> = {
  serve: ['cowork serve', 'cowork serve --port 0 --db ./cowork.db'],
  signup: ['cowork signup', 'printf %s "$PASSWORD" | cowork signup --name Ada --email ada@example.com --password-stdin', 'cowork signup --invite 7Hq…'],
  login: ['cowork login --email ada@example.com', 'printf %s "$PASSWORD" | cowork login --email ada@example.com --password-stdin'],
  logout: ['cowork logout', 'cowork logout --all'],
  passwd: ['cowork passwd', 'printf "%s\\n%s\\n" "$OLD" "$NEW" | cowork passwd --password-stdin'],
  'delete-account': ['cowork delete-account', 'printf %s "$PASSWORD" | cowork delete-account --password-stdin --yes'],
  report: ['cowork report 3f9c2a7d41b0e6f5 --reason no-show', 'cowork report next --reason inappropriate --note "rude in chat"'],
  admin: ['cowork admin reports', 'cowork admin suspend 9d1e… --reason "harassment"', 'cowork admin unsuspend 9d1e…', 'cowork admin invite --days 14'],
  whoami: ['cowork whoami', 'cowork whoami --json'],
  stats: ['cowork stats', 'cowork stats --json'],
  book: ['cowork book 50m 14:00', 'cowork book 25m "tomorrow 9:30" --task "write the report"', 'cowork book 75m now', 'cowork book 50 fri 9:00',
    'cowork book 50m 14:00 --activity moving --quiet', 'cowork book 50m "tomorrow 9:00" --with Ada'],
  slots: ['cowork slots', 'cowork slots tomorrow 9:00 --duration 50', 'cowork slots --json'],
  decline: ['cowork decline next', 'cowork decline 3f9c2a7d41b0e6f5 --json'],
  fav: ['cowork fav', 'cowork fav Ada', 'cowork fav rm Ada', 'cowork fav add 3f9c2a7d41b0e6f5'],
  block: ['cowork block Ada', 'cowork block'],
  unblock: ['cowork unblock Ada'],
  partners: ['cowork partners', 'cowork partners --json'],
  settings: ['cowork settings', 'cowork settings --match-with favorites', 'cowork settings --activity desk --quiet', 'cowork settings --no-quiet'],
  list: ['cowork list', 'cowork list --all --json'],
  next: ['cowork next', 'cowork next --wait', 'cowork next --no-open'],
  cancel: ['cowork cancel next', 'cowork cancel 3f9c2a7d41b0e6f5 --yes'],
  task: ['cowork task next "draft chapter 2"', 'cowork task 3f9c2a7d41b0e6f5 ""'],
  config: ['cowork config get server', 'cowork config set server https://cowork.example.org'],
  routine: [
    'cowork routine add weekdays 9:00 50m --task "deep work"', 'cowork routine add mon,wed,fri 13:45 25m', 'cowork routine add daily 8:00 75m --horizon 28 --activity moving --quiet',
    'cowork routine list --json', 'cowork routine pause 3f9c2a7d41b0e6f5', 'cowork routine resume 3f9c2a7d41b0e6f5', 'cowork routine rm 3f9c2a7d41b0e6f5 --all --yes',
    'cowork routine skip 3f9c2a7d41b0e6f5 tomorrow', 'cowork routine skip 3f9c2a7d41b0e6f5 24 dec --through 2 jan --yes',
  ],
  completion: ['eval "$(cowork completion bash)"', 'cowork completion fish | source'],
  calendar: ['cowork calendar', 'cowork calendar --rotate', 'cowork calendar --json'],
  webhook: [
    'cowork webhook add https://ntfy.sh/my-cowork-topic --events session.matched,session.starting',
    'cowork webhook list', 'cowork webhook ping wh_3f9c2a7d41b0e6f5', 'cowork webhook deliveries wh_3f9c2a7d41b0e6f5',
    'cowork webhook rm wh_3f9c2a7d41b0e6f5 --yes',
  ],
};

function withExamples(command: Command): Command {
  const lines = EXAMPLES[command.name()] ?? [];
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`);
}

type Action = (options: Record<string, unknown>, ...args: never[]) => Promise<void>;

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
    .addOption(completes(new Option('--server <url>', 'the API server (else COWORK_SERVER, the config, http://127.0.0.1:8787)'), 'files'))
    .option('--no-color', 'no colours (NO_COLOR works too)')
    .option('--debug', 'show stack traces of errors')
    .exitOverride()
    .configureOutput({ outputError: commanderVoice('cowork') })
    .addHelpText('after', `\nExit codes: 0 ok · 1 failure or a declined confirmation · 2 bad usage or input · 3 refused by the rules · 4 not logged in · 5 server unreachable · 130 interrupted\n\nExamples:\n  $ cowork signup\n  $ cowork book 50m 14:00 --task "write the report"\n  $ cowork next`);
  const json = () => new Option('--json', 'print one JSON document on stdout');
  const add = (spec: string, description: string) => {
    const command = withExamples(program.command(spec).description(description));
    return command.configureOutput({ outputError: commanderVoice(`cowork ${command.name()}`) });
  };
  const sessionArgument = () => completes(new Argument('<id|next>', 'a session id from `cowork list`, or next'), 'sessions');
  let defined = false;
  const define = (name: string, build: () => void) => {
    if (only !== undefined && name !== only) return;
    build();
    defined = true;
  };

  define('serve', () => {
    add('serve', 'run the API server (Ctrl-C stops it gracefully)')
      .option('--port <port>', 'port, 0 for any free one (default: PORT or 8787)')
      .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
      .addOption(completes(new Option('--db <path|url>', 'database file or libSQL URL (default: COWORK_DB_URL or a file in your data dir)'), 'files'))
      .action(run(async () => (await import('./commands/serve.js')).serve as Action));
  });
  define('signup', () => {
    add('signup', 'create an account and log in')
      .option('--name <name>', 'your name, shown to partners')
      .option('--email <email>', 'your email')
      .option('--password-stdin', 'read the password from standard input')
      .option('--invite <code>', 'an invite code from the server\'s admins (servers with COWORK_SIGNUP=invite)')
      .addOption(json())
      .action(run(async () => (await import('./commands/signup.js')).signup as Action));
  });
  define('login', () => {
    add('login', 'log in and store a token for this server')
      .option('--email <email>', 'your email')
      .option('--password-stdin', 'read the password from standard input')
      .addOption(json())
      .action(run(async () => (await import('./commands/login.js')).login as Action));
  });
  define('logout', () => {
    add('logout', 'revoke and forget the token').option('--all', 'log out every device and revoke every call link of the account')
      .action(run(async () => (await import('./commands/logout.js')).logout as Action));
  });
  define('passwd', () => {
    add('passwd', 'change your password (logs out every other device)')
      .option('--password-stdin', 'read the current and the new password, one per line, from standard input')
      .action(run(async () => (await import('./commands/passwd.js')).passwd as Action));
  });
  define('delete-account', () => {
    add('delete-account', 'delete your account for good (asks first; --yes in scripts)')
      .option('--password-stdin', 'read the password from standard input')
      .option('-y, --yes', 'do not ask for confirmation')
      .action(run(async () => (await import('./commands/delete-account.js')).deleteAccount as Action));
  });
  define('report', () => {
    add('report', 'report your partner in a session to the admins (also blocks them)')
      .addArgument(sessionArgument())
      .addOption(new Option('--reason <reason>', 'why').choices(['no-show', 'inappropriate', 'other']).makeOptionMandatory())
      .option('--note <text>', 'what happened, for the admins (up to 1000 characters)')
      .option('--user <name|id>', 'an earlier partner in the same session (before a rematch) instead of the current one')
      .addOption(json())
      .action(run(async () => {
        const { report } = await import('./commands/report.js');
        return ((options, target: string) => report(target, options)) as Action;
      }));
  });
  define('admin', () => {
    const admin = add('admin', 'moderation for the server\'s admins (COWORK_ADMINS): reports, suspend, unsuspend, invite');
    admin.command('reports').description('the newest reports').option('--limit <n>', 'how many (1 to 100)', '20').addOption(json())
      .action(run(async () => (await import('./commands/admin.js')).adminReports as Action));
    admin.command('suspend').argument('<user-id>', 'the person\'s id (from `cowork admin reports`)').description('suspend a person')
      .requiredOption('--reason <text>', 'why (the person sees it when logging in)').addOption(json())
      .action(run(async () => {
        const { adminSuspend } = await import('./commands/admin.js');
        return ((options, userId: string) => adminSuspend(userId, options)) as Action;
      }));
    admin.command('unsuspend').argument('<user-id>', 'the person\'s id').description('lift a suspension')
      .action(run(async () => {
        const { adminUnsuspend } = await import('./commands/admin.js');
        return ((options, userId: string) => adminUnsuspend(userId, options)) as Action;
      }));
    admin.command('invite').description('make a single-use invite code').option('--days <n>', 'days until it expires (1 to 90)', '7').addOption(json())
      .action(run(async () => (await import('./commands/admin.js')).adminInvite as Action));
  });
  define('whoami', () => {
    add('whoami', 'show who is logged in').addOption(json()).action(run(async () => (await import('./commands/whoami.js')).whoami as Action));
  });
  define('stats', () => {
    add('stats', 'your last 12 weeks as a bar chart, streaks, attendance score').addOption(json())
      .action(run(async () => (await import('./commands/stats.js')).stats as Action));
  });
  define('book', () => {
    add('book', 'book a 25, 50 or 75-minute session')
      .addArgument(completes(new Argument('<duration>', '25m, 50m or 75m (also 25, 50min, 1h15m)'), 'durations'))
      .addArgument(completes(new Argument('<when...>', '14:00, 14h, 2pm, "tomorrow 9:30", "fri 9:00", "2 Jan 9:00", ISO 8601, or now (the next quarter hour)'), 'whens'))
      .option('--task <text>', 'what you will work on (your partner sees it)')
      .option('--activity <kind>', 'desk, moving or anything (default: your settings)')
      .option('--quiet', 'be paired only with quiet people (default: your settings)')
      .option('--no-quiet', 'not quiet, whatever your settings say')
      .option('--with <name|id>', 'be paired only with this past partner (a name from `cowork partners`, or an id)')
      .addOption(json())
      .action(run(async () => {
        const { book } = await import('./commands/book.js');
        return ((options, duration: string, when: string[]) => book(duration, when, options)) as Action;
      }));
  });
  define('slots', () => {
    add('slots', 'starts in the next 24 hours where someone you would be paired with waits (★ favourite)')
      .argument('[when...]', 'from when (default now): 14:00, "tomorrow 9:00", fri …')
      .option('--duration <duration>', 'only this length: 25m, 50m or 75m')
      .addOption(json())
      .action(run(async () => {
        const { slots } = await import('./commands/slots.js');
        return ((options, when: string[]) => slots(when, options)) as Action;
      }));
  });
  define('decline', () => {
    add('decline', 'leave a match without penalty, until 10 minutes before the start (3 a day)')
      .argument('<id|next>', 'a session id from `cowork list`, or next')
      .addOption(json())
      .action(run(async () => {
        const { decline } = await import('./commands/decline.js');
        return ((options, target: string) => decline(target, options)) as Action;
      }));
  });
  define('fav', () => {
    add('fav', 'list favourites, or add/remove one (a past partner): preferred when pairing')
      .argument('[add|rm]', 'add (the default) or rm')
      .argument('[name|id]', 'a partner by name as `cowork partners` shows it, or an id')
      .addOption(json())
      .action(run(async () => {
        const { fav } = await import('./commands/people-lists.js');
        return ((options, action: string | undefined, who: string | undefined) => fav(action, who, options)) as Action;
      }));
  });
  define('block', () => {
    add('block', 'never be paired with a past partner again (no argument: list blocks)')
      .argument('[name|id]', 'a partner by name as `cowork partners` shows it, or an id')
      .addOption(json())
      .action(run(async () => {
        const { block } = await import('./commands/people-lists.js');
        return ((options, who: string | undefined) => block(who, options)) as Action;
      }));
  });
  define('unblock', () => {
    add('unblock', 'undo a block')
      .argument('<name|id>', 'a blocked partner by name or id')
      .action(run(async () => {
        const { unblock } = await import('./commands/people-lists.js');
        return ((options, who: string) => unblock(who, options)) as Action;
      }));
  });
  define('partners', () => {
    add('partners', 'the people you have been paired with, most recent first').addOption(json())
      .action(run(async () => (await import('./commands/partners.js')).partners as Action));
  });
  define('settings', () => {
    add('settings', 'show or change your matching settings')
      .option('--match-with <who>', 'anyone, or favorites (only your favourites)')
      .option('--activity <kind>', 'your default: desk, moving or anything')
      .option('--quiet', 'by default, be paired only with quiet people')
      .option('--no-quiet', 'by default, not quiet')
      .option('--name <name>', 'the name partners see')
      .option('--timezone <zone>', 'an IANA time zone such as Europe/Berlin')
      .addOption(json())
      .action(run(async () => (await import('./commands/settings.js')).settings as Action));
  });
  define('list', () => {
    add('list', 'list upcoming sessions (fits the terminal; one line per session)').option('--all', 'past and cancelled sessions too').addOption(json())
      .action(run(async () => (await import('./commands/list.js')).list as Action));
  });
  define('next', () => {
    add('next', 'show the upcoming session and open its call page')
      .option('--no-open', 'print the call page URL instead of opening a browser')
      .option('--wait', 'wait for the join window (10 minutes before the start), re-reading the session every 15 s, then join')
      .addOption(json())
      .action(run(async () => (await import('./commands/next.js')).next as Action));
  });
  define('cancel', () => {
    add('cancel', 'cancel a session (asks first; --yes in scripts)')
      .addArgument(sessionArgument())
      .option('-y, --yes', 'do not ask for confirmation')
      .addOption(json())
      .action(run(async () => {
        const { cancel } = await import('./commands/cancel.js');
        return ((options, target: string) => cancel(target, options)) as Action;
      }));
  });
  define('task', () => {
    add('task', 'set what you will work on in a session ("" clears it)')
      .addArgument(sessionArgument())
      .argument('<text>', 'the task, up to 280 characters')
      .addOption(json())
      .action(run(async () => {
        const { task } = await import('./commands/task.js');
        return ((options, target: string, text: string) => task(target, text, options)) as Action;
      }));
  });
  define('routine', () => {
    const routine = add('routine', 'repeat a booking: the server books every occurrence ahead by itself');
    routine.command('add').description('add a routine: days (daily, weekdays, weekends, mon,wed,fri), a time, a length')
      .argument('<days>', 'daily, weekdays, weekends, or days such as mon,wed,fri')
      .argument('<time>', 'a quarter hour in your time zone, such as 9:00 or 13:45')
      .addArgument(completes(new Argument('<duration>', '25m, 50m or 75m'), 'durations'))
      .option('--task <text>', 'what you will work on in each session')
      .option('--horizon <days>', 'how many days ahead it keeps booked, 1 to 91 (default 14)')
      .option('--activity <kind>', 'desk, moving or anything (default: your settings when each is booked)')
      .option('--quiet', 'be paired only with quiet people (default: your settings)')
      .option('--no-quiet', 'not quiet, whatever your settings say')
      .addOption(json())
      .action(run(async () => {
        const { routineAdd } = await import('./commands/routine.js');
        return ((options, days: string, time: string, duration: string) => routineAdd(days, time, duration, options)) as Action;
      }));
    routine.command('list').description('your routines and the occurrences ahead they skipped').addOption(json())
      .action(run(async () => (await import('./commands/routine.js')).routineList as Action));
    for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
      routine.command(verb).description(paused ? 'stop booking (sessions already booked stay)' : 'book again, up to the horizon at once')
        .argument('<id>', 'a routine id from `cowork routine list`').addOption(json())
        .action(run(async () => {
          const { routineSetPaused } = await import('./commands/routine.js');
          return ((options, id: string) => routineSetPaused(id, paused, options)) as Action;
        }));
    }
    routine.command('rm').description('delete a routine: cancels its sessions ahead still waiting; --all cancels matched ones too')
      .argument('<id>', 'a routine id from `cowork routine list`')
      .option('--all', 'cancel its matched sessions ahead too')
      .option('-y, --yes', 'do not ask for confirmation')
      .addOption(json())
      .action(run(async () => {
        const { routineRemove } = await import('./commands/routine.js');
        return ((options, id: string) => routineRemove(id, options)) as Action;
      }));
    routine.command('skip').description('a holiday: cancel its sessions on these days (matched ones too) and book none there')
      .argument('<id>', 'a routine id from `cowork routine list`')
      .argument('<date...>', 'the (first) day: today, tomorrow, fri, "24 Dec", 24/12, 2031-12-24')
      .option('--through <date>', 'the last day to skip, read from the first day on (default: just the one day)')
      .option('-y, --yes', 'do not ask for confirmation')
      .addOption(json())
      .action(run(async () => {
        const { routineSkip } = await import('./commands/routine.js');
        return ((options, id: string, date: string[]) => routineSkip(id, date, options)) as Action;
      }));
  });
  define('config', () => {
    const config = add('config', 'read or change settings: server, token');
    const configKey = () => completes(new Argument('<key>', 'server or token'), 'config-keys');
    config.command('get').addArgument(configKey()).description('print the value in force')
      .action(run(async () => {
        const { configGet } = await import('./commands/config.js');
        return ((options, key: string) => configGet(key, options)) as Action;
      }));
    config.command('set').addArgument(configKey()).argument('[value]', 'the new value').description('store a value')
      .action(run(async () => {
        const { configSet } = await import('./commands/config.js');
        return ((options, key: string, value: string | undefined) => configSet(key, value, options)) as Action;
      }));
  });
  define('calendar', () => {
    add('calendar', 'print your calendar feed URL (subscribe to it in any calendar app)')
      .option('--rotate', 'replace the URL; the old one stops working')
      .addOption(json())
      .action(run(async () => (await import('./commands/calendar.js')).calendar as Action));
  });
  define('webhook', () => {
    const webhook = add('webhook', 'tell a script or a phone what happened: add|list|rm|ping|deliveries');
    const webhookId = () => new Argument('<id>', 'a webhook id from `cowork webhook list`');
    webhook.command('add').argument('<url>', 'an http(s) URL that receives a signed POST per event')
      .option('--events <list>', 'comma-separated: session.matched, session.unmatched, session.starting, session.cancelled, routine.skipped (default: all)')
      .addOption(json()).description('add a webhook and show its signing secret (once)')
      .action(run(async () => {
        const { webhookAdd } = await import('./commands/webhook.js');
        return ((options, url: string) => webhookAdd(url, options)) as Action;
      }));
    webhook.command('list').addOption(json()).description('list your webhooks')
      .action(run(async () => (await import('./commands/webhook.js')).webhookList as Action));
    webhook.command('rm').addArgument(webhookId()).option('-y, --yes', 'do not ask for confirmation').addOption(json()).description('remove a webhook')
      .action(run(async () => {
        const { webhookRm } = await import('./commands/webhook.js');
        return ((options, id: string) => webhookRm(id, options)) as Action;
      }));
    webhook.command('ping').addArgument(webhookId()).addOption(json()).description('send a signed test event')
      .action(run(async () => {
        const { webhookPing } = await import('./commands/webhook.js');
        return ((options, id: string) => webhookPing(id, options)) as Action;
      }));
    webhook.command('deliveries').addArgument(webhookId()).addOption(json()).description('the latest delivery attempts, newest first')
      .action(run(async () => {
        const { webhookDeliveries } = await import('./commands/webhook.js');
        return ((options, id: string) => webhookDeliveries(id, options)) as Action;
      }));
  });
  define('completion', () => {
    add('completion', 'print a shell completion script').addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
      .action(run(async () => {
        const { completion } = await import('./commands/completion.js');
        return ((_options, shell: string) => completion(shell)) as Action;
      }));
  });
  if (only !== undefined) return defined ? program : buildProgram(version);
  program.command('__complete', { hidden: true }).argument('<index>').argument('[words...]').allowUnknownOption().helpOption(false)
    .action(run(async () => {
      const { complete } = await import('./commands/completion.js');
      return ((_options, index: string, words: string[]) => complete(program, index, words)) as Action;
    }));
  return program;
}
