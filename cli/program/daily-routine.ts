import { TIME_GRAMMAR } from '../time/grammar.js';
import type { Action, Area } from './kit.js';

/** The daily routine: repeated bookings, the calendar feed, webhooks. */
export const dailyRoutine = {
  examples: {
    routine: [
      'cowork routine add weekdays 9:00 50m --task "deep work"', 'cowork routine add mon,wed,fri 13:45 25m', 'cowork routine add weekends 9am 25m', 'cowork routine add daily 8:00 75m --horizon 28 --activity moving --quiet',
      'cowork routine list --json', 'cowork routine pause 3f9c2a7d41b0e6f5', 'cowork routine resume 3f9c2a7d41b0e6f5', 'cowork routine rm 3f9c2a7d41b0e6f5 --all --yes',
      'cowork routine skip 3f9c2a7d41b0e6f5 tomorrow', 'cowork routine skip 3f9c2a7d41b0e6f5 24 dec --through 2 jan --yes',
      'cowork routine unskip 3f9c2a7d41b0e6f5 31 dec --through 2 jan',
    ],
    calendar: [
      'cowork calendar', 'cowork calendar --rotate', 'cowork calendar --json',
      'cowork calendar busy set https://calendar.google.com/calendar/ical/ada%40example.org/private-3f9c/basic.ics',
      'cowork calendar busy show', 'cowork calendar busy rm',
    ],
    webhook: [
      'cowork webhook add https://ntfy.sh/my-cowork-topic --events session.matched,session.starting',
      'cowork webhook list', 'cowork webhook ping wh_3f9c2a7d41b0e6f5', 'cowork webhook deliveries wh_3f9c2a7d41b0e6f5',
      'cowork webhook rm wh_3f9c2a7d41b0e6f5 --yes',
    ],
  },
  commands: {
    routine: ({ Argument, Option, completes, add, run, json }) => {
      const routine = add('routine', 'repeat a booking: the server books every occurrence ahead by itself');
      const routineId = () => completes(new Argument('<id>', 'a routine id from `cowork routine list`'), 'routines');
      const firstDay = () => completes(new Argument('<date...>', 'the (first) day: today, tomorrow, fri, "24 Dec", 24/12, 2031-12-24'), 'days');
      routine.command('add').description('add a routine: days (daily, weekdays, weekends, mon,wed,fri), a time, a length')
        .argument('<days>', 'daily, weekdays, weekends, or days such as mon,wed,fri')
        .argument('<time>', 'a quarter hour in your time zone, such as 9:00, 13:45, 9am, 14h or noon')
        .addArgument(completes(new Argument('<duration>', '25m, 50m or 75m'), 'durations'))
        .option('--task <text>', 'what you will work on in each session')
        .option('--horizon <days>', 'how many days ahead it keeps booked, 1 to 91 (default 14)')
        .option('--activity <kind>', 'desk, moving or anything (default: your settings when each is booked)')
        .option('--quiet', 'be paired only with quiet people (default: your settings)')
        .option('--no-quiet', 'not quiet, whatever your settings say')
        .addOption(json())
        .addHelpText('after', TIME_GRAMMAR)
        .action(run(async () => {
          const { routineAdd } = await import('../commands/routine.js');
          return ((options, days: string, time: string, duration: string) => routineAdd(days, time, duration, options)) as Action;
        }));
      routine.command('list').description('your routines and the occurrences ahead they skipped').addOption(json())
        .action(run(async () => (await import('../commands/routine.js')).routineList as Action));
      for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
        routine.command(verb).description(paused ? 'stop booking (sessions already booked stay)' : 'book again, up to the horizon at once')
          .addArgument(routineId()).addOption(json())
          .action(run(async () => {
            const { routineSetPaused } = await import('../commands/routine.js');
            return ((options, id: string) => routineSetPaused(id, paused, options)) as Action;
          }));
      }
      routine.command('rm').description('delete a routine: cancels its sessions ahead still waiting; --all cancels matched ones too')
        .addArgument(routineId())
        .option('--all', 'cancel its matched sessions ahead too')
        .option('-y, --yes', 'do not ask for confirmation')
        .addOption(json())
        .action(run(async () => {
          const { routineRemove } = await import('../commands/routine.js');
          return ((options, id: string) => routineRemove(id, options)) as Action;
        }));
      routine.command('skip').description('a holiday: cancel its sessions on these days (matched ones too) and book none there')
        .addArgument(routineId())
        .addArgument(firstDay())
        .addOption(completes(new Option('--through <date...>', 'the last day to skip, read from the first day on, such as 2 jan (default: just the one day)'), 'days'))
        .option('-y, --yes', 'do not ask for confirmation')
        .addOption(json())
        .addHelpText('after', TIME_GRAMMAR)
        .action(run(async () => {
          const { routineSkip } = await import('../commands/routine.js');
          return ((options, id: string, date: string[]) => routineSkip(id, date, options)) as Action;
        }));
      routine.command('unskip').description('lift a skip: book its sessions on these days again (not ones you cancelled yourself)')
        .addArgument(routineId())
        .addArgument(firstDay())
        .addOption(completes(new Option('--through <date...>', 'the last day, read from the first day on, such as 2 jan (default: just the one day)'), 'days'))
        .addOption(json())
        .addHelpText('after', TIME_GRAMMAR)
        .action(run(async () => {
          const { routineUnskip } = await import('../commands/routine.js');
          return ((options, id: string, date: string[]) => routineUnskip(id, date, options)) as Action;
        }));
    },
    calendar: ({ add, run, json }) => {
      const calendar = add('calendar', 'print your calendar feed URL (subscribe to it in any calendar app); `calendar busy` for your own busy times')
        .option('--rotate', 'replace the URL; the old one stops working')
        .addOption(json())
        .action(run(async () => (await import('../commands/calendar.js')).calendar as Action));
      const busy = calendar.command('busy').description('your own calendar (an ICS address) whose busy times bookings, routines and slots keep clear of: set|show|rm');
      busy.command('set').argument('<url>', 'the secret iCal (ICS) address of your calendar: https:// or webcal://')
        .addOption(json()).description('name your calendar; the server fetches it every 15 minutes')
        .action(run(async () => {
          const { busySet } = await import('../commands/busy-calendar.js');
          return ((options, url: string) => busySet(url, options)) as Action;
        }));
      busy.command('show').addOption(json()).description('when it was last fetched, and your busy times ahead')
        .action(run(async () => (await import('../commands/busy-calendar.js')).busyShow as Action));
      busy.command('rm').addOption(json()).description('forget it and its busy times')
        .action(run(async () => (await import('../commands/busy-calendar.js')).busyRm as Action));
    },
    webhook: ({ Argument, completes, add, run, json }) => {
      const webhook = add('webhook', 'tell a script or a phone what happened: add|list|rm|ping|deliveries');
      const webhookId = () => completes(new Argument('<id>', 'a webhook id from `cowork webhook list`'), 'webhooks');
      webhook.command('add').argument('<url>', 'an http(s) URL that receives a signed POST per event')
        .option('--events <list>', 'comma-separated: session.matched, session.unmatched, session.starting, session.cancelled, routine.skipped (default: all)')
        .addOption(json()).description('add a webhook and show its signing secret (once)')
        .action(run(async () => {
          const { webhookAdd } = await import('../commands/webhook.js');
          return ((options, url: string) => webhookAdd(url, options)) as Action;
        }));
      webhook.command('list').addOption(json()).description('list your webhooks')
        .action(run(async () => (await import('../commands/webhook.js')).webhookList as Action));
      webhook.command('rm').addArgument(webhookId()).option('-y, --yes', 'do not ask for confirmation').addOption(json()).description('remove a webhook')
        .action(run(async () => {
          const { webhookRm } = await import('../commands/webhook.js');
          return ((options, id: string) => webhookRm(id, options)) as Action;
        }));
      webhook.command('ping').addArgument(webhookId()).addOption(json()).description('send a signed test event (at most 10 a minute)')
        .action(run(async () => {
          const { webhookPing } = await import('../commands/webhook.js');
          return ((options, id: string) => webhookPing(id, options)) as Action;
        }));
      webhook.command('deliveries').addArgument(webhookId()).addOption(json()).description('the latest delivery attempts, newest first')
        .action(run(async () => {
          const { webhookDeliveries } = await import('../commands/webhook.js');
          return ((options, id: string) => webhookDeliveries(id, options)) as Action;
        }));
    },
  },
} satisfies Area;
