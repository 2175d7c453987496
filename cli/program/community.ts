import type { Action, Area } from './kit.js';

/** Keeping the community safe: reports, and moderation for the admins. */
export const community = {
  examples: {
    report: ['cowork report 019acb7e52d13f9c2a7d41b0 --reason no-show', 'cowork report next --reason inappropriate --note "rude in chat"'],
    admin: ['cowork admin reports', 'cowork admin suspend ana@example.com --reason "harassment"', 'cowork admin suspend 9d1e… --reason "no-shows"', 'cowork admin unsuspend ana@example.com', 'cowork admin invite --days 14',
      'cowork admin grant ada@example.org --db ./cowork.db', 'cowork admin list --db ./cowork.db'],
  },
  commands: {
    report: ({ Option, add, run, json, sessionArgument }) => {
      add('report', 'report your partner in a session to the admins (also blocks them)')
        .addArgument(sessionArgument())
        .addOption(new Option('--reason <reason>', 'why').choices(['no-show', 'inappropriate', 'other']).makeOptionMandatory())
        .option('--note <text>', 'what happened, for the admins (up to 1000 characters)')
        .option('--user <name|id>', 'an earlier partner in the same session (before a rematch) instead of the current one')
        .addOption(json())
        .action(run(async () => {
          const { report } = await import('../commands/report.js');
          return ((options, target: string) => report(target, options)) as Action;
        }));
    },
    admin: ({ Option, completes, add, run, json, examples }) => {
      const admin = add('admin', 'moderation for the admins (reports, suspend, unsuspend, invite); the operator grants admins on the database (grant, revoke, list)');
      admin.command('reports').description('the newest reports').option('--limit <n>', 'how many (1 to 100)', '20').addOption(json())
        .action(run(async () => (await import('../commands/admin.js')).adminReports as Action));
      admin.command('suspend').argument('<email|id>', 'the person\'s email, or their id (from `cowork admin reports`)').description('suspend a person')
        .requiredOption('--reason <text>', 'why (the person sees it when logging in)').addOption(json())
        .action(run(async () => {
          const { adminSuspend } = await import('../commands/admin.js');
          return ((options, userId: string) => adminSuspend(userId, options)) as Action;
        }));
      admin.command('unsuspend').argument('<email|id>', 'the person\'s email or id').description('lift a suspension')
        .action(run(async () => {
          const { adminUnsuspend } = await import('../commands/admin.js');
          return ((options, userId: string) => adminUnsuspend(userId, options)) as Action;
        }));
      admin.command('invite').description('make a single-use invite code').option('--days <n>', 'days until it expires (1 to 90)', '7').addOption(json())
        .action(run(async () => (await import('../commands/admin.js')).adminInvite as Action));
      const db = () => completes(new Option('--db <path|url>', 'the database the server runs on, as `cowork serve --db` takes it (default: COWORK_DB_URL or a file in your data dir)'), 'files');
      examples(admin.command('grant').argument('<email>', 'the email of an account (any case)').description('make an account an admin, on the server\'s database (for its operator)')
        .addOption(db()).addOption(json())
        .action(run(async () => {
          const { adminGrant } = await import('../commands/admin-grants.js');
          return ((options, email: string) => adminGrant(email, options)) as Action;
        })), ['cowork admin grant ada@example.org --db ./cowork.db', 'cowork admin grant ada@example.org --db libsql://cowork.example.org']);
      examples(admin.command('revoke').argument('<email>', 'the email of an admin\'s account (any case)').description('take an account\'s admin rights away, on the server\'s database')
        .addOption(db())
        .action(run(async () => {
          const { adminRevoke } = await import('../commands/admin-grants.js');
          return ((options, email: string) => adminRevoke(email, options)) as Action;
        })), ['cowork admin revoke ada@example.org --db ./cowork.db']);
      examples(admin.command('list').description('the admins, on the server\'s database').addOption(db()).addOption(json())
        .action(run(async () => (await import('../commands/admin-grants.js')).adminList as Action)), ['cowork admin list --db ./cowork.db', 'cowork admin list --db ./cowork.db --json']);
    },
  },
} satisfies Area;
