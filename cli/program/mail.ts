import type { Action, Area } from './kit.js';

/** What needs the server's mail (SPEC §14): verifying an address, changing it, a forgotten password. */
export const mail = {
  examples: {
    verify: ['cowork verify 7KQ2M-X9WTD', 'cowork verify --resend'],
    'reset-password': ['cowork reset-password', 'cowork reset-password --email ada@example.com', 'printf %s "$NEW_PASSWORD" | cowork reset-password --email ada@example.com --code 7KQ2M-X9WTD --password-stdin'],
    'change-email': ['cowork change-email ada@example.net', 'printf %s "$PASSWORD" | cowork change-email ada@example.net --password-stdin'],
  },
  commands: {
    verify: ({ add, run, json }) => {
      add('verify', 'verify your address with the code mailed to it (servers that send mail)')
        .argument('[code]', 'the code from the mail')
        .option('--resend', 'mail a new code instead')
        .addOption(json())
        .action(run(async () => {
          const { verify } = await import('../commands/verify.js');
          return ((options, code: string | undefined) => verify(code, options)) as Action;
        }));
    },
    'reset-password': ({ add, run, json }) => {
      add('reset-password', 'set a new password with a code mailed to you (logs out every device)')
        .option('--email <email>', 'the account\'s email')
        .option('--code <code>', 'the code from the mail (without it, a code is asked for)')
        .option('--password-stdin', 'read the new password from standard input')
        .addOption(json())
        .action(run(async () => (await import('../commands/reset-password.js')).resetPassword as Action));
    },
    'change-email': ({ add, run, json }) => {
      add('change-email', 'change your address: it replaces the old one once you verify the code mailed to it')
        .argument('<email>', 'the new address')
        .option('--password-stdin', 'read your current password from standard input')
        .addOption(json())
        .action(run(async () => {
          const { changeEmail } = await import('../commands/change-email.js');
          return ((options, email: string) => changeEmail(email, options)) as Action;
        }));
    },
  },
} satisfies Area;
