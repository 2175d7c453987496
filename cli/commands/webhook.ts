import { EVENT_TYPES } from '../../api/domain/webhook-events.js';
import { DeclinedError, RefusedError, UsageError } from '../errors.js';
import { confirmOrRequireYes } from '../interaction.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { renderTable, widthFor } from '../render/table.js';
import { momentWords } from '../time/words.js';
import { connect } from './context.js';

export interface WebhookAddOptions extends GlobalOptions {
  events?: string | undefined;
}

const EVENTS_HINT = `The events: ${EVENT_TYPES.join(', ')}; leave --events out for all.`;

/**
 * `--events session.matched,session.cancelled` as the API takes it, each name checked here so
 * that a wrong one is said in words (the API's answer names it by its place in the list).
 */
function eventList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const events = text.split(/[\s,]+/).filter(Boolean);
  if (events.length === 0) throw new UsageError('--events names no event.', 'Give a comma-separated list such as session.matched,session.starting, or leave --events out for all.');
  for (const event of events) {
    if ((EVENT_TYPES as readonly string[]).includes(event)) continue;
    if (event === 'ping') throw new UsageError('ping is not an event a webhook subscribes to: `cowork webhook ping <id>` sends one to any webhook, whatever its events.', EVENTS_HINT);
    throw new UsageError(`"${event}" is not an event cowork sends.`, EVENTS_HINT);
  }
  return events;
}

/** Adds a webhook and shows its signing secret, the one time the API gives it. */
export async function webhookAdd(url: string, options: WebhookAddOptions): Promise<void> {
  const { client } = connect(options);
  const events = eventList(options.events);
  const hook = await client.addWebhook({ url, ...(events ? { events } : {}) });
  if (options.json) return printJson(hook);
  printLine(`Added webhook ${hook.id} → ${hook.url}`);
  printLine(`Events: ${hook.events.join(', ')}`);
  printLine(`Secret: ${hook.secret}`);
  say('Keep the secret now: it is not shown again. Check each delivery\'s Cowork-Signature with it (README "Webhooks").');
}

export async function webhookList(options: GlobalOptions): Promise<void> {
  const { client } = connect(options);
  const { data: webhooks } = await client.webhooks();
  if (options.json) return printJson(webhooks);
  if (webhooks.length === 0) return say('No webhooks. Add one with `cowork webhook add https://ntfy.sh/<your topic>`.');
  printLine(renderTable([
    { header: 'ID', cells: webhooks.map((hook) => hook.id) },
    { header: 'URL', cells: webhooks.map((hook) => hook.url), give: { order: 2, min: 20 } },
    { header: 'EVENTS', cells: webhooks.map((hook) => (hook.events.length === 5 ? 'all' : hook.events.join(','))), give: { order: 1, min: 6 } },
  ], widthFor(process.stdout)));
}

export interface WebhookRmOptions extends GlobalOptions {
  yes?: boolean | undefined;
}

export async function webhookRm(id: string, options: WebhookRmOptions): Promise<void> {
  const { client } = connect(options);
  // Asked before the question, so that nobody confirms the removal of a webhook that is not there.
  const { data: webhooks } = await client.webhooks();
  if (!webhooks.some((hook) => hook.id === id)) {
    throw new RefusedError(`You have no webhook ${id}.`, webhooks.length ? 'Your webhooks and their ids: `cowork webhook list`.' : 'You have no webhooks at all.');
  }
  if (!(await confirmOrRequireYes(`Remove webhook ${id} and the events still waiting for it?`, options.yes))) throw new DeclinedError('Nothing removed.');
  await client.removeWebhook(id);
  if (options.json) return printJson({ id, removed: true });
  printLine(`Removed webhook ${id}.`);
}

/** Queues a signed `ping`; the server sends it within seconds, and `deliveries` shows how it went. */
export async function webhookPing(id: string, options: GlobalOptions): Promise<void> {
  const { client } = connect(options);
  const queued = await client.pingWebhook(id);
  if (options.json) return printJson(queued);
  printLine(`Ping ${queued.eventId} queued for ${id}; see how it went with \`cowork webhook deliveries ${id}\`.`);
}

export async function webhookDeliveries(id: string, options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  const { data: deliveries } = await client.webhookDeliveries(id);
  if (options.json) return printJson(deliveries);
  if (deliveries.length === 0) return say(`Nothing sent to ${id} yet.`);
  printLine(renderTable([
    { header: 'WHEN', cells: deliveries.map((entry) => momentWords(new Date(entry.at), words())) },
    { header: 'EVENT', cells: deliveries.map((entry) => entry.type) },
    { header: 'TRY', cells: deliveries.map((entry) => String(entry.attempt)) },
    { header: 'OUTCOME', cells: deliveries.map((entry) => entry.outcome) },
    { header: 'ANSWER', cells: deliveries.map((entry) => (entry.status === null ? entry.error ?? '' : String(entry.status))), give: { order: 1, min: 10 } },
  ], widthFor(process.stdout)));
}
