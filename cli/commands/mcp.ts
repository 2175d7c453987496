import type { GlobalOptions } from '../output.js';
import { connect } from './context.js';

/** Serves the MCP tools over stdio until the client hangs up; the SDK is loaded only here. */
export async function mcp(options: GlobalOptions): Promise<void> {
  const ctx = connect(options);
  const { serveMcp } = await import('../mcp/server.js');
  await serveMcp(ctx);
}
