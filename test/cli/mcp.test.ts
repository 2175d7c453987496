import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { callApi } from '../helpers/call-api.js';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * `cowork mcp` (SPEC §13) driven by the MCP SDK's own Client over StdioClientTransport, against a
 * real server: the tools are listed with input schemas from the API's, they book, list, join,
 * cancel, set tasks and run routines, and a refusal comes back as a tool error naming its rule.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
let ada: CoworkEnv;
let adaTools: Client;
let bobTools: Client;

/** An MCP client talking to `cowork mcp` run with this environment (the CLI's config, or COWORK_TOKEN). */
async function mcpClient(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'cowork-test', version: '1.0.0' });
  const inherited = Object.fromEntries(['PATH', 'HOME', 'LANG'].flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [COWORK_BIN, 'mcp'], env: { ...inherited, ...env }, stderr: 'pipe' }));
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult & { structuredContent?: any }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

const textOf = (result: CallToolResult) => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

before(async () => {
  server = await startServerProcess({ env: NOW, checkContract: true });
  ada = await signedUpPerson(server.url, 'Ada', NOW);
  const bob = await callApi(server.url, 'POST', '/v1/users', undefined, { name: 'Bob', email: 'bob@example.org', password: 'long enough', timezone: 'Europe/Berlin' });
  // Ada's MCP server signs in from the config `cowork signup` wrote; Bob's from COWORK_TOKEN alone.
  [adaTools, bobTools] = await Promise.all([
    mcpClient(ada.env),
    mcpClient({ TZ: 'Europe/Berlin', COWORK_SERVER: server.url, COWORK_TOKEN: bob.token, ...NOW }),
  ]);
});
after(async () => {
  await Promise.all([adaTools?.close(), bobTools?.close()]);
  await server?.stop();
});

describe('cowork mcp', () => {
  test('lists its tools, each input schema from the API\'s own', async () => {
    const { tools } = await adaTools.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(),
      ['book', 'cancel', 'decline', 'list', 'next', 'routine_add', 'routine_list', 'routine_pause', 'routine_skip', 'set_task', 'slots', 'stats']);
    const book = tools.find((tool) => tool.name === 'book')!;
    assert.deepEqual(Object.keys(book.inputSchema.properties ?? {}).sort(), ['activity', 'duration', 'ignoreBusy', 'languages', 'partnerId', 'quiet', 'start', 'task']);
    assert.deepEqual(book.inputSchema.required, ['start', 'duration']);
    const list = tools.find((tool) => tool.name === 'list')!;
    assert.ok(list.annotations?.readOnlyHint);
  });

  test('books, pairs two people, and next gives the join link', async () => {
    const booked = await call(adaTools, 'book', { start: '2030-01-07T14:00:00Z', duration: 50, task: 'write the report' });
    assert.equal(booked.isError, undefined, textOf(booked));
    assert.equal(booked.structuredContent.status, 'waiting');
    assert.match(textOf(booked), /^Booked your 50-minute session on Mon 7 Jan, 15:00 \(\w+\), waiting for a partner\.$/);
    const bobs = await call(bobTools, 'book', { start: '2030-01-07T14:00:00Z', duration: 50 });
    assert.equal(bobs.structuredContent.partner.name, 'Ada');
    const next = await call(adaTools, 'next');
    assert.equal(next.structuredContent.session.id, booked.structuredContent.id);
    assert.match(next.structuredContent.joinLink.url, /\/call\/.+#/);
    assert.match(textOf(next), /matched with Bob\. Join it at http/);
  });

  test('lists, sets the task of and cancels a session', async () => {
    const later = await call(adaTools, 'book', { start: '2030-01-08T09:00:00Z', duration: 25 });
    const { id } = later.structuredContent;
    const listed = await call(adaTools, 'list', {});
    assert.deepEqual(listed.structuredContent.data.map((s: { id: string }) => s.id).includes(id), true);
    assert.match(textOf(listed), /^2 sessions; the first is your 50-minute session/);
    const tasked = await call(adaTools, 'set_task', { id, task: 'plan the week' });
    assert.equal(tasked.structuredContent.task, 'plan the week');
    const cancelled = await call(adaTools, 'cancel', { id });
    assert.equal(cancelled.structuredContent.status, 'cancelled');
    assert.match(textOf(cancelled), /^Cancelled your 25-minute session/);
  });

  test('a refusal is a tool error carrying the problem document\'s words and fields', async () => {
    const refused = await call(adaTools, 'book', { start: '2030-01-07T14:15:00Z', duration: 25 });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /\(session-overlap\): /);
    assert.equal(refused.structuredContent.type, 'urn:cowork:problem:session-overlap');
    assert.equal(refused.structuredContent.status, 409);
    assert.ok(refused.structuredContent.conflictingSession.id);
    assert.ok(refused.structuredContent.requestId);
    const unknown = await call(adaTools, 'cancel', { id: 'no-such-session' });
    assert.equal(unknown.isError, true);
    assert.equal(unknown.structuredContent.type, 'urn:cowork:problem:not-found');
  });

  test('input the API\'s schema refuses is refused before any request, naming the rule', async () => {
    const offQuarter = await call(adaTools, 'book', { start: '2030-01-07T16:10:00Z', duration: 50 });
    assert.equal(offQuarter.isError, true);
    assert.match(textOf(offQuarter), /must be on a quarter hour/);
  });

  test('adds, skips, pauses and lists a routine', async () => {
    const added = await call(adaTools, 'routine_add', { days: ['tue', 'thu'], time: '09:00', duration: 50, timezone: 'Europe/Berlin' });
    assert.equal(added.isError, undefined, textOf(added));
    const { id } = added.structuredContent;
    assert.match(textOf(added), /^Added your routine tue, thu at 09:00 Europe\/Berlin, 50 minutes/);
    const skipped = await call(adaTools, 'routine_skip', { id, from: '2030-01-08T00:00:00+01:00', to: '2030-01-09T00:00:00+01:00' });
    assert.equal(skipped.isError, undefined, textOf(skipped));
    assert.equal(skipped.structuredContent.cancelled.length, 1);
    const paused = await call(adaTools, 'routine_pause', { id });
    assert.equal(paused.structuredContent.paused, true);
    const listed = await call(adaTools, 'routine_list');
    assert.deepEqual(listed.structuredContent.data.map((r: { id: string; paused: boolean }) => [r.id, r.paused]), [[id, true]]);
  });

  test('signed in as nobody, a tool answers the CLI\'s not-logged-in problem as a tool error', async () => {
    const nobody = await mcpClient({ COWORK_SERVER: server.url, XDG_CONFIG_HOME: ada.configHome.replace(/$/, '-nobody'), ...NOW });
    try {
      const refused = await call(nobody, 'list');
      assert.equal(refused.isError, true);
      assert.equal(refused.structuredContent.type, 'urn:cowork:problem:cli-not-logged-in');
      assert.match(textOf(refused), /^Not logged in \(cli-not-logged-in\): Not logged in to http/);
    } finally {
      await nobody.close();
    }
  });

  test('stats and slots answer with a sentence', async () => {
    const stats = await call(adaTools, 'stats');
    assert.equal(typeof stats.structuredContent.completed, 'number');
    assert.match(textOf(stats), /sessions completed/);
    const slots = await call(bobTools, 'slots', { duration: '50' });
    assert.ok(Array.isArray(slots.structuredContent.data));
  });
});
