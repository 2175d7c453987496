import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from '../commands/context.js';
import { CliError, EXIT } from '../errors.js';
import { problemDocument } from '../problem-document.js';

/** What each group of tools registers with: the MCP server and the CLI's signed-in context. */
export interface ToolKit {
  server: McpServer;
  ctx: Context;
}

/** A tool's answer: the API's object as structured content, and one sentence for the assistant to say. */
export function answer(structured: Record<string, unknown>, sentence: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text: sentence }] };
}

/**
 * A refusal as a tool error (SPEC §13): the problem document's words (title and detail, and the
 * rule its type names) and its fields, both as text the assistant reads and as structured content.
 * The CLI's own failures (not logged in, no server) take the same shape, as `--json` prints them.
 */
export function refusal(error: CliError): CallToolResult {
  const problem = problemDocument(error, error.exitCode ?? EXIT.failure);
  const rule = problem.type?.split(':').at(-1);
  const words = `${problem.title ?? 'Refused'}${rule ? ` (${rule})` : ''}: ${problem.detail ?? error.message}`;
  return {
    isError: true,
    structuredContent: problem,
    content: [{ type: 'text', text: words }, { type: 'text', text: JSON.stringify(problem) }],
  };
}

/** Runs a tool's work; a refusal or failure the CLI knows becomes a tool error, anything else stays a fault. */
export async function guarded(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError) return refusal(error);
    throw error;
  }
}
