import { TIME_GRAMMAR } from '../time/grammar.js';
import type { Action, Area } from './kit.js';

/** Sessions: book them, find open slots, list, join, cancel, set the task, decline a match. */
export const sessions = {
  examples: {
    book: ['cowork book 50m 14:00', 'cowork book 25m "tomorrow 9:30" --task "write the report"', 'cowork book 75m now', 'cowork book 50 fri 9', 'cowork book 25m half past two',
      'cowork book 50m 14:00 --activity moving --quiet', 'cowork book 50m "tomorrow 9:00" --with Ada', 'cowork book 25m 16:00 --language de', 'cowork book 50m 15:00 --anyway'],
    slots: ['cowork slots', 'cowork slots tomorrow 9 --duration 50', 'cowork slots --language de', 'cowork slots --json'],
    list: ['cowork list', 'cowork list --all --json'],
    next: ['cowork next', 'cowork next --wait', 'cowork next --no-open'],
    watch: ['cowork watch', 'cowork watch --json'],
    cancel: ['cowork cancel next', 'cowork cancel 019acb7e52d13f9c2a7d41b0 --yes'],
    task: ['cowork task next "draft chapter 2"', 'cowork task 019acb7e52d13f9c2a7d41b0 ""'],
    decline: ['cowork decline next', 'cowork decline 019acb7e52d13f9c2a7d41b0 --json'],
  },
  commands: {
    book: ({ Argument, completes, add, run, json }) => {
      add('book', 'book a 25, 50 or 75-minute session')
        .addArgument(completes(new Argument('<duration>', '25m, 50m or 75m (also 25, 50min, 1h15m)'), 'durations'))
        .addArgument(completes(new Argument('<when...>', '14:00, 14.30, 14h, 2pm, noon, "half past two", "tomorrow 9", "fri 9:30", "2 Jan 9:00", ISO 8601, or now (the next quarter hour)'), 'whens'))
        .option('--task <text>', 'what you will work on (your partner sees it)')
        .option('--activity <kind>', 'desk, moving or anything (default: your settings)')
        .option('--quiet', 'be paired only with quiet people (default: your settings)')
        .option('--no-quiet', 'not quiet, whatever your settings say')
        .option('--language <codes>', 'hold it in one of these ISO 639-1 codes: de or en,de (none for any; default: your settings)')
        .option('--anyway', 'book even over an event of your busy calendar (`cowork calendar busy`)')
        .option('--with <name|id>', 'be paired only with this past partner (a name from `cowork partners`, or an id)')
        .addOption(json())
        .addHelpText('after', TIME_GRAMMAR)
        .action(run(async () => {
          const { book } = await import('../commands/book.js');
          return ((options, duration: string, when: string[]) => book(duration, when, options)) as Action;
        }));
    },
    slots: ({ add, run, json }) => {
      add('slots', 'starts in the next 24 hours where someone you would be paired with waits (★ favourite)')
        .argument('[when...]', 'from when (default now): 14:00, 14.30, noon, "tomorrow 9", "fri 9:30" …')
        .option('--duration <duration>', 'only this length: 25m, 50m or 75m')
        .option('--language <codes>', 'as a booking in these ISO 639-1 codes would be paired (none for any; default: your settings)')
        .addOption(json())
        .addHelpText('after', TIME_GRAMMAR)
        .action(run(async () => {
          const { slots } = await import('../commands/slots.js');
          return ((options, when: string[]) => slots(when, options)) as Action;
        }));
    },
    list: ({ add, run, json }) => {
      add('list', 'list upcoming sessions (fits the terminal; one line per session)').option('--all', 'past and cancelled sessions too').addOption(json())
        .action(run(async () => (await import('../commands/list.js')).list as Action));
    },
    next: ({ add, run, json }) => {
      add('next', 'show the upcoming session and open its call page')
        .option('--no-open', 'print the call page URL instead of opening a browser')
        .option('--wait', 'wait for the join window (10 minutes before the start), hearing of a new partner or a cancel at once (re-reading the session every 15 s from a server without live events), then join')
        .addOption(json())
        .action(run(async () => (await import('../commands/next.js')).next as Action));
    },
    watch: ({ add, run }) => {
      add('watch', 'print each of your events as it happens (matched, unmatched, starting, cancelled), until Ctrl-C')
        .option('--json', 'one JSON document per line per event (the webhook\'s body), for scripts')
        .action(run(async () => (await import('../commands/watch.js')).watch as Action));
    },
    cancel: ({ add, run, json, sessionArgument }) => {
      add('cancel', 'cancel a session (asks first; --yes in scripts)')
        .addArgument(sessionArgument())
        .option('-y, --yes', 'do not ask for confirmation')
        .addOption(json())
        .action(run(async () => {
          const { cancel } = await import('../commands/cancel.js');
          return ((options, target: string) => cancel(target, options)) as Action;
        }));
    },
    task: ({ add, run, json, sessionArgument }) => {
      add('task', 'set what you will work on in a session ("" clears it)')
        .addArgument(sessionArgument())
        .argument('<text>', 'the task, up to 280 characters')
        .addOption(json())
        .action(run(async () => {
          const { task } = await import('../commands/task.js');
          return ((options, target: string, text: string) => task(target, text, options)) as Action;
        }));
    },
    decline: ({ add, run, json }) => {
      add('decline', 'leave a match without penalty, until 10 minutes before the start (3 a day)')
        .argument('<id|next>', 'a session id from `cowork list`, or next')
        .addOption(json())
        .action(run(async () => {
          const { decline } = await import('../commands/decline.js');
          return ((options, target: string) => decline(target, options)) as Action;
        }));
    },
  },
} satisfies Area;
