import type { Action, Area } from './kit.js';

/** Who you are paired with: favourites, blocks, past partners, matching settings. */
export const matching = {
  examples: {
    fav: ['cowork fav', 'cowork fav Ada', 'cowork fav rm Ada', 'cowork fav add 3f9c2a7d41b0e6f5'],
    block: ['cowork block Ada', 'cowork block'],
    unblock: ['cowork unblock Ada'],
    partners: ['cowork partners', 'cowork partners --json'],
    settings: ['cowork settings', 'cowork settings --match-with favorites', 'cowork settings --activity desk --quiet', 'cowork settings --no-quiet', 'cowork settings --languages en,de', 'cowork settings --languages none',
      'cowork settings --mail-reminder 10m --mail-matches', 'cowork settings --mail-reminder off --no-mail-matches'],
  },
  commands: {
    fav: ({ add, run, json }) => {
      add('fav', 'list favourites, or add/remove one (a past partner): preferred when pairing')
        .argument('[add|rm]', 'add (the default) or rm')
        .argument('[name|id]', 'a partner by name as `cowork partners` shows it, or an id')
        .addOption(json())
        .action(run(async () => {
          const { fav } = await import('../commands/people-lists.js');
          return ((options, action: string | undefined, who: string | undefined) => fav(action, who, options)) as Action;
        }));
    },
    block: ({ add, run, json }) => {
      add('block', 'never be paired with a past partner again (no argument: list blocks)')
        .argument('[name|id]', 'a partner by name as `cowork partners` shows it, or an id')
        .addOption(json())
        .action(run(async () => {
          const { block } = await import('../commands/people-lists.js');
          return ((options, who: string | undefined) => block(who, options)) as Action;
        }));
    },
    unblock: ({ add, run }) => {
      add('unblock', 'undo a block')
        .argument('<name|id>', 'a blocked partner by name or id')
        .action(run(async () => {
          const { unblock } = await import('../commands/people-lists.js');
          return ((options, who: string) => unblock(who, options)) as Action;
        }));
    },
    partners: ({ add, run, json }) => {
      add('partners', 'the people you have been paired with, most recent first').addOption(json())
        .action(run(async () => (await import('../commands/partners.js')).partners as Action));
    },
    settings: ({ add, run, json }) => {
      add('settings', 'show or change your matching and mail settings')
        .option('--match-with <who>', 'anyone, or favorites (only your favourites)')
        .option('--activity <kind>', 'your default: desk, moving or anything')
        .option('--quiet', 'by default, be paired only with quiet people')
        .option('--no-quiet', 'by default, not quiet')
        .option('--languages <codes>', 'by default, be paired only with someone naming none of or one of these ISO 639-1 codes: en,de (at most 5; none for any)')
        .option('--name <name>', 'the name partners see')
        .option('--timezone <zone>', 'an IANA time zone such as Europe/Berlin')
        .option('--mail-reminder <time|off>', 'mail a reminder this long before each session, e.g. 10m (servers that send mail)')
        .option('--mail-matches', 'mail when a session is matched, unmatched or cancelled')
        .option('--no-mail-matches', 'no such mails')
        .addOption(json())
        .action(run(async () => (await import('../commands/settings.js')).settings as Action));
    },
  },
} satisfies Area;
