import type { Action, Area } from './kit.js';

/** Your account and the server: run it, sign up, log in and out, the password, the settings file, completion. */
export const account = {
  examples: {
    serve: ['cowork serve', 'cowork serve --port 0 --db ./cowork.db', 'cowork serve --processes auto --host 0.0.0.0'],
    signup: ['cowork signup', 'printf %s "$PASSWORD" | cowork signup --name Ada --email ada@example.com --password-stdin', 'cowork signup --invite 7Hq…'],
    login: ['cowork login --email ada@example.com', 'printf %s "$PASSWORD" | cowork login --email ada@example.com --password-stdin'],
    logout: ['cowork logout', 'cowork logout --all'],
    passwd: ['cowork passwd', 'printf "%s\\n%s\\n" "$OLD" "$NEW" | cowork passwd --password-stdin'],
    'delete-account': ['cowork delete-account', 'printf %s "$PASSWORD" | cowork delete-account --password-stdin --yes'],
    whoami: ['cowork whoami', 'cowork whoami --json'],
    stats: ['cowork stats', 'cowork stats --json'],
    config: ['cowork config get server', 'cowork config set server https://cowork.example.org'],
    mcp: ['cowork mcp', 'cowork mcp --server https://cowork.example.org'],
    completion: ['eval "$(cowork completion bash)"', 'eval "$(cowork completion zsh)"', 'cowork completion fish | source'],
  },
  commands: {
    serve: ({ Option, completes, add, run }) => {
      add('serve', 'run the API server (Ctrl-C stops it gracefully)')
        .option('--port <port>', 'port, 0 for any free one (default: PORT or 8787)')
        .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
        .addOption(completes(new Option('--db <path|url>', 'database file or libSQL URL (default: COWORK_DB_URL or a file in your data dir)'), 'files'))
        .option('--processes <n>', 'server processes sharing the port, 1 to 64 or auto for one per core (default: COWORK_PROCESSES or 1)')
        .action(run(async () => (await import('../commands/serve.js')).serve as Action));
    },
    signup: ({ add, run, json }) => {
      add('signup', 'create an account and log in')
        .option('--name <name>', 'your name, shown to partners')
        .option('--email <email>', 'your email')
        .option('--password-stdin', 'read the password from standard input')
        .option('--invite <code>', 'an invite code from the server\'s admins (servers with COWORK_SIGNUP=invite)')
        .addOption(json())
        .action(run(async () => (await import('../commands/signup.js')).signup as Action));
    },
    login: ({ add, run, json }) => {
      add('login', 'log in and store a token for this server')
        .option('--email <email>', 'your email')
        .option('--password-stdin', 'read the password from standard input')
        .addOption(json())
        .action(run(async () => (await import('../commands/login.js')).login as Action));
    },
    logout: ({ add, run }) => {
      add('logout', 'revoke and forget the token').option('--all', 'log out every device and revoke every call link of the account')
        .action(run(async () => (await import('../commands/logout.js')).logout as Action));
    },
    passwd: ({ add, run }) => {
      add('passwd', 'change your password (logs out every other device)')
        .option('--password-stdin', 'read the current and the new password, one per line, from standard input')
        .action(run(async () => (await import('../commands/passwd.js')).passwd as Action));
    },
    'delete-account': ({ add, run }) => {
      add('delete-account', 'delete your account for good (asks first; --yes in scripts)')
        .option('--password-stdin', 'read the password from standard input')
        .option('-y, --yes', 'do not ask for confirmation')
        .action(run(async () => (await import('../commands/delete-account.js')).deleteAccount as Action));
    },
    mcp: ({ add, run }) => {
      add('mcp', 'serve your sessions to an AI assistant: a Model Context Protocol server on stdin/stdout, signed in as this CLI')
        .addHelpText('after', '\nAn assistant starts it itself; in Claude Desktop\'s claude_desktop_config.json:\n  "mcpServers": { "cowork": { "command": "cowork", "args": ["mcp"] } }\nTools: book, list, next, cancel, slots, set_task, decline, stats, routine_list, routine_add, routine_pause, routine_skip.')
        .action(run(async () => (await import('../commands/mcp.js')).mcp as Action));
    },
    whoami: ({ add, run, json }) => {
      add('whoami', 'show who is logged in').addOption(json()).action(run(async () => (await import('../commands/whoami.js')).whoami as Action));
    },
    stats: ({ add, run, json }) => {
      add('stats', 'your last 12 weeks as a bar chart, streaks, attendance score').addOption(json())
        .action(run(async () => (await import('../commands/stats.js')).stats as Action));
    },
    config: ({ Argument, completes, add, run }) => {
      const config = add('config', 'read or change settings: server, token');
      const configKey = () => completes(new Argument('<key>', 'server or token'), 'config-keys');
      config.command('get').addArgument(configKey()).description('print the value in force')
        .action(run(async () => {
          const { configGet } = await import('../commands/config.js');
          return ((options, key: string) => configGet(key, options)) as Action;
        }));
      config.command('set').addArgument(configKey()).argument('[value]', 'the new value').description('store a value')
        .action(run(async () => {
          const { configSet } = await import('../commands/config.js');
          return ((options, key: string, value: string | undefined) => configSet(key, value, options)) as Action;
        }));
    },
    completion: ({ Argument, add, run }) => {
      add('completion', 'print a shell completion script').addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
        .action(run(async () => {
          const { completion } = await import('../commands/completion.js');
          return ((_options, shell: string) => completion(shell)) as Action;
        }));
    },
  },
} satisfies Area;
