import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Context } from '../commands/context.js';
import { packageVersion } from '../version.js';
import { registerAccountTools } from './account-tools.js';
import { registerRoutineTools } from './routine-tools.js';
import { registerSessionTools } from './session-tools.js';

/**
 * `cowork mcp` (SPEC §13): a Model Context Protocol server over stdio, signed in as the CLI is,
 * whose tools call the API through cli/client.ts like the commands do. stdout carries the
 * protocol alone; resolves when the client closes the connection.
 */
export async function serveMcp(ctx: Context): Promise<void> {
  const server = new McpServer(
    { name: 'cowork', version: packageVersion() },
    { instructions: 'cowork books focus sessions with a stranger over video. Times are RFC 3339; a session starts on a quarter hour and lasts 25, 50 or 75 minutes. A refusal names its rule and says what to do.' },
  );
  const kit = { server, ctx };
  registerSessionTools(kit);
  registerRoutineTools(kit);
  registerAccountTools(kit);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  // The client closing stdin ends the session.
  process.stdin.once('end', () => void server.close());
  await closed;
}
