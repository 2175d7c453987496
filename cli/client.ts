import { randomUUID } from 'node:crypto';
import got, { RequestError, type Method, type OptionsInit, type Response } from 'got';
import type { Activity, BookingBody, BusyCalendar, CreatedWebhook, Credentials, Delivery, Invite, JoinLink, MailSettings, OpenSlot, Partner, PersonRef, Problem, Routine, ReportPage, ReportReceipt, ServerSettings, Session, SessionPage, SettingsChange, Stats, Suspension, User, Webhook } from './api-types.js';
import { AuthError, CliError, EXIT, UnreachableError, UsageError } from './errors.js';
import { refusalFor, type Asked } from './render/problem.js';
import type { TimeWords } from './time/words.js';

/**
 * The only module that speaks HTTP. It adds the bearer token, retries only what is safe to repeat
 * (GETs, and bookings, which carry an Idempotency-Key that every retry reuses), and turns the
 * API's problem documents into the CLI's typed errors.
 */
const USER_AGENT = 'cowork-cli';
const RETRY_ERROR_CODES = ['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH'];
/** Three of the server's 15 s heartbeats missed: the connection is gone, whatever TCP says. */
const STREAM_SILENCE_MS = 45_000;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/** A refusal from the API, keeping the problem document for callers that want its details. */
export class ApiError extends CliError {
  constructor(readonly status: number, override readonly problem: Problem, exitCode: number, words: TimeWords, hint?: string, asked?: Asked) {
    const refusal = refusalFor(problem, words, asked);
    super(refusal.message, exitCode, refusal.hint ?? hint);
  }
}

/** `asked` is the request's body, which a refusal's hint may repeat. */
export function errorForStatus(status: number, problem: Problem, words: TimeWords, asked?: Asked): CliError {
  if (status === 401) return new AuthError(refusalFor(problem, words).message, undefined, problem);
  if (status === 400 || status === 422) return new ApiError(status, problem, EXIT.usage, words, undefined, asked);
  if (status === 403 || status === 404 || status === 409) return new ApiError(status, problem, EXIT.refused, words, undefined, asked);
  return new ApiError(status, problem, EXIT.failure, words, status >= 500 ? 'Try again; if it persists, the server log says why.' : undefined, asked);
}

function parseProblem(body: string, status: number): Problem {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as Problem;
  } catch {
    // not a problem document (a proxy's HTML page, say): describe the status instead
  }
  return { status, detail: `The server answered ${status} without a problem document.` };
}

/** One message of an event stream: `type` from its `event:` line, `data` its JSON text. */
export interface StreamedMessage {
  id: string | undefined;
  type: string;
  data: string;
}

export interface ClientOptions {
  server: string;
  token?: string | undefined;
  /** How refusals say times: the person's zone, locale and clock. */
  words: () => TimeWords;
  /** Give up after this long, without retrying (completion, which a person is waiting on). */
  timeoutMs?: number | undefined;
}

export class CoworkClient {
  constructor(private readonly options: ClientOptions) {}

  private async request<T>(method: Method, path: string, init: { json?: unknown; searchParams?: Record<string, string>; auth?: boolean; idempotent?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json, application/problem+json' };
    if (init.auth !== false) {
      if (!this.options.token) throw new AuthError(`Not logged in to ${this.options.server}.`);
      headers.authorization = `Bearer ${this.options.token}`;
    }
    if (init.idempotent) headers['idempotency-key'] = randomUUID();
    const retryMethods: Method[] = init.idempotent ? ['GET', 'POST'] : ['GET'];
    const options: OptionsInit = {
      method, headers, searchParams: init.searchParams, json: init.json, throwHttpErrors: false, responseType: 'text',
      timeout: { request: this.options.timeoutMs ?? 20_000 },
      retry: { limit: this.options.timeoutMs ? 0 : 2, methods: retryMethods, statusCodes: [503], errorCodes: RETRY_ERROR_CODES, backoffLimit: 1_000 },
    };
    let response: Response<string>;
    try {
      response = (await got(new URL(path, `${this.options.server}/`), options)) as Response<string>;
    } catch (error) {
      throw this.networkError(error);
    }
    const body = response.body;
    if (response.statusCode >= 400) {
      const problem = parseProblem(body, response.statusCode);
      const retryAfter = Number(response.headers['retry-after']);
      if (response.statusCode === 429 && !problem.retryAt && retryAfter > 0) problem.retryAt = new Date(this.options.words().now.getTime() + retryAfter * 1000).toISOString();
      throw errorForStatus(response.statusCode, problem, this.options.words(), init.json as Asked);
    }
    return (body === '' ? undefined : JSON.parse(body)) as T;
  }

  private networkError(error: unknown): unknown {
    if (!(error instanceof RequestError)) return error;
    if (error.code && UNREACHABLE_CODES.has(error.code)) return new UnreachableError(`Cannot reach the cowork server at ${this.options.server} (${error.code}).`);
    if (error.code === 'ERR_INVALID_URL') return new UsageError(`"${this.options.server}" is not a server URL.`);
    return new UnreachableError(`Talking to ${this.options.server} failed: ${error.message}`);
  }

  /**
   * Follows `GET v1/events` (SPEC §12): calls `onMessage` with each message of the stream, in order,
   * and resolves when the server ends it or `signal` aborts; rejects with the CLI's error for a
   * refusal (the API's problem) or a lost connection (UnreachableError). One connection, no retry:
   * the caller reconnects with the last `id` it saw as `lastEventId`.
   */
  async followEvents(init: { lastEventId?: string | undefined; signal: AbortSignal; onMessage: (message: StreamedMessage) => void }): Promise<void> {
    if (!this.options.token) throw new AuthError(`Not logged in to ${this.options.server}.`);
    const { createParser } = await import('eventsource-parser');
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'text/event-stream, application/problem+json', authorization: `Bearer ${this.options.token}` };
    if (init.lastEventId !== undefined) headers['last-event-id'] = init.lastEventId;
    const parser = createParser({ onEvent: (event) => init.onMessage({ id: event.id, type: event.event ?? 'message', data: event.data }) });
    return new Promise<void>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL('v1/events', `${this.options.server}/`);
      } catch (error) {
        return reject(new UsageError(`"${this.options.server}" is not a server URL.`));
      }
      // No overall deadline: the stream is meant to last. A socket silent for three heartbeats is dead.
      const stream = got.stream(url, { headers, throwHttpErrors: false, retry: { limit: 0 }, timeout: { connect: 10_000, socket: STREAM_SILENCE_MS }, signal: init.signal });
      let status = 0;
      let refusal = '';
      const decoder = new TextDecoder();
      stream.on('response', (response: { statusCode: number }) => (status = response.statusCode));
      stream.on('data', (chunk: Buffer) => {
        if (status >= 400) refusal += decoder.decode(chunk, { stream: true });
        else parser.feed(decoder.decode(chunk, { stream: true }));
      });
      stream.on('end', () => {
        if (status >= 400) reject(errorForStatus(status, parseProblem(refusal, status), this.options.words()));
        else resolve();
      });
      stream.on('error', (error: unknown) => (init.signal.aborted ? resolve() : reject(this.networkError(error))));
    });
  }

  serverSettings() {
    return this.request<ServerSettings>('GET', 'v1/server', { auth: false });
  }

  signUp(body: { name: string; email: string; password: string; timezone: string; invite?: string }) {
    return this.request<Credentials>('POST', 'v1/users', { json: body, auth: false });
  }

  logIn(body: { email: string; password: string; label?: string }) {
    return this.request<Credentials>('POST', 'v1/tokens', { json: body, auth: false });
  }

  logOut() {
    return this.request<void>('DELETE', 'v1/tokens/current');
  }

  me() {
    return this.request<User>('GET', 'v1/me');
  }

  updateMe(change: SettingsChange) {
    return this.request<User>('PATCH', 'v1/me', { json: change });
  }

  stats() {
    return this.request<Stats>('GET', 'v1/me/stats');
  }

  logOutEverywhere() {
    return this.request<void>('DELETE', 'v1/tokens');
  }

  changePassword(body: { password: string; currentPassword: string }) {
    return this.request<User>('PATCH', 'v1/me', { json: body });
  }

  deleteAccount(password: string) {
    return this.request<void>('DELETE', 'v1/me', { json: { password } });
  }

  mailSettings() {
    return this.request<MailSettings>('GET', 'v1/me/mail');
  }

  updateMailSettings(change: { reminderMinutes?: number | null; matches?: boolean }) {
    return this.request<MailSettings>('PATCH', 'v1/me/mail', { json: change });
  }

  verifyEmail(code: string) {
    return this.request<MailSettings>('POST', 'v1/me/mail/verification', { json: { code } });
  }

  resendVerificationCode() {
    return this.request<MailSettings>('POST', 'v1/me/mail/verification-code');
  }

  changeEmail(body: { email: string; currentPassword: string }) {
    return this.request<MailSettings>('POST', 'v1/me/mail/address', { json: body });
  }

  requestPasswordReset(email: string) {
    return this.request<void>('POST', 'v1/password-resets', { json: { email }, auth: false });
  }

  confirmPasswordReset(body: { email: string; code: string; password: string }) {
    return this.request<void>('POST', 'v1/password-resets/confirm', { json: body, auth: false });
  }

  report(body: { userId: string; sessionId: string; reason: string; note?: string }) {
    return this.request<ReportReceipt>('POST', 'v1/reports', { json: body });
  }

  reports(query: Record<string, string>) {
    return this.request<ReportPage>('GET', 'v1/admin/reports', { searchParams: query });
  }

  /** Admins only: the living person with that email, or an empty list. */
  personByEmail(email: string) {
    return this.request<{ data: Array<PersonRef & { email: string; suspended: boolean }> }>('GET', 'v1/admin/users', { searchParams: { email } });
  }

  suspend(userId: string, reason: string) {
    return this.request<Suspension>('POST', `v1/admin/users/${encodeURIComponent(userId)}/suspension`, { json: { reason } });
  }

  unsuspend(userId: string) {
    return this.request<void>('DELETE', `v1/admin/users/${encodeURIComponent(userId)}/suspension`);
  }

  invite(days: number) {
    return this.request<Invite>('POST', 'v1/admin/invites', { json: { days } });
  }

  book(body: BookingBody) {
    return this.request<Session>('POST', 'v1/sessions', { json: body, idempotent: true });
  }

  listPage(query: Record<string, string>) {
    return this.request<SessionPage>('GET', 'v1/sessions', { searchParams: query });
  }

  /** Every page of a listing, following nextCursor. */
  async listAll(query: Record<string, string>): Promise<Session[]> {
    const sessions: Session[] = [];
    let cursor: string | null = null;
    do {
      const page: SessionPage = await this.listPage(cursor ? { ...query, cursor } : query);
      sessions.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return sessions;
  }

  next() {
    return this.request<Session>('GET', 'v1/sessions/next');
  }

  session(id: string) {
    return this.request<Session>('GET', `v1/sessions/${encodeURIComponent(id)}`);
  }

  setTask(id: string, task: string | null) {
    return this.request<Session>('PATCH', `v1/sessions/${encodeURIComponent(id)}`, { json: { task } });
  }

  cancel(id: string) {
    return this.request<Session>('DELETE', `v1/sessions/${encodeURIComponent(id)}`);
  }

  join(id: string) {
    return this.request<JoinLink>('POST', `v1/sessions/${encodeURIComponent(id)}/join`);
  }

  decline(id: string) {
    return this.request<Session>('POST', `v1/sessions/${encodeURIComponent(id)}/decline`);
  }

  partners() {
    return this.request<{ data: Partner[] }>('GET', 'v1/partners', { searchParams: { limit: '500' } });
  }

  /** `favorites` or `blocks`: the two lists of people a person keeps. */
  people(list: 'favorites' | 'blocks') {
    return this.request<{ data: PersonRef[] }>('GET', `v1/${list}`);
  }

  addTo(list: 'favorites' | 'blocks', userId: string) {
    return this.request<PersonRef>('PUT', `v1/${list}/${encodeURIComponent(userId)}`);
  }

  removeFrom(list: 'favorites' | 'blocks', userId: string) {
    return this.request<void>('DELETE', `v1/${list}/${encodeURIComponent(userId)}`);
  }

  /** Open starts; `activity`, `quiet` and `languages` as a booking sets them, `instead` the session one would move. */
  slots(query: { from: string; to: string; duration?: number; activity?: Activity; quiet?: boolean; languages?: string[]; instead?: string }) {
    const searchParams: Record<string, string> = { from: query.from, to: query.to };
    if (query.duration !== undefined) searchParams.duration = String(query.duration);
    if (query.activity !== undefined) searchParams.activity = query.activity;
    if (query.quiet !== undefined) searchParams.quiet = String(query.quiet);
    if (query.languages !== undefined) searchParams.languages = query.languages.join(',');
    if (query.instead !== undefined) searchParams.instead = query.instead;
    return this.request<{ data: OpenSlot[] }>('GET', 'v1/slots', { searchParams });
  }

  addWebhook(body: { url: string; events?: string[] }) {
    return this.request<CreatedWebhook>('POST', 'v1/webhooks', { json: body });
  }

  webhooks() {
    return this.request<{ data: Webhook[] }>('GET', 'v1/webhooks');
  }

  removeWebhook(id: string) {
    return this.request<void>('DELETE', `v1/webhooks/${encodeURIComponent(id)}`);
  }

  pingWebhook(id: string) {
    return this.request<{ eventId: string }>('POST', `v1/webhooks/${encodeURIComponent(id)}/ping`);
  }

  webhookDeliveries(id: string) {
    return this.request<{ data: Delivery[] }>('GET', `v1/webhooks/${encodeURIComponent(id)}/deliveries`);
  }

  /** The calendar feed URL; `rotate` replaces it first. */
  setBusyCalendar(url: string) {
    return this.request<BusyCalendar>('PUT', 'v1/me/busy-calendar', { json: { url } });
  }

  busyCalendar() {
    return this.request<BusyCalendar>('GET', 'v1/me/busy-calendar');
  }

  removeBusyCalendar() {
    return this.request<void>('DELETE', 'v1/me/busy-calendar');
  }

  calendar(rotate: boolean) {
    return this.request<{ url: string }>(rotate ? 'POST' : 'GET', 'v1/me/calendar');
  }

  addRoutine(body: { days: string[]; time: string; duration: number; task?: string; horizonDays?: number; activity?: Activity; quiet?: boolean }) {
    return this.request<Routine>('POST', 'v1/routines', { json: body });
  }

  routines() {
    return this.request<{ data: Routine[] }>('GET', 'v1/routines');
  }

  changeRoutine(id: string, change: { paused?: boolean; task?: string | null }) {
    return this.request<Routine>('PATCH', `v1/routines/${encodeURIComponent(id)}`, { json: change });
  }

  /** Deletes the routine; the answer names the sessions ahead it cancelled and the matched ones it kept. */
  removeRoutine(id: string, cancelAll: boolean) {
    return this.request<{ id: string; cancelled: string[]; kept: string[] }>('DELETE', `v1/routines/${encodeURIComponent(id)}`, cancelAll ? { searchParams: { cancel: 'all' } } : {});
  }

  /** Holds the routine off in [from, to): its sessions there are cancelled and none is booked. */
  skipRoutine(id: string, range: { from: string; to: string }) {
    return this.request<{ routine: Routine; cancelled: string[] }>('POST', `v1/routines/${encodeURIComponent(id)}/skip`, { json: range });
  }

  /** Lifts a holiday in [from, to): the occurrences it held off ahead are booked again. */
  unskipRoutine(id: string, range: { from: string; to: string }) {
    return this.request<{ routine: Routine; lifted: string[]; booked: string[] }>('DELETE', `v1/routines/${encodeURIComponent(id)}/skip`, { searchParams: range });
  }
}
