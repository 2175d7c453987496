import { printJson, printLine, type GlobalOptions } from '../output.js';
import { connect } from './context.js';

/** Shows the account the current token belongs to. */
export async function whoami(options: GlobalOptions): Promise<void> {
  const { settings, client } = connect(options);
  const user = await client.me();
  if (options.json) return printJson(user);
  printLine(`${user.name} <${user.email}> · ${user.timezone} · ${settings.server}`);
}
