import assert from 'node:assert/strict';
import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/config/app-env.js';
import type { CallSettings } from '../../api/call/call-settings.js';
import { contractOf } from '../helpers/contract.js';
import { createHarness, json, type Harness } from './harness.js';

const SELF_HOSTED: CallSettings = {
  jitsi: { mode: 'self-hosted', domain: 'meet.example.org', appId: 'cowork', appSecret: 's'.repeat(32) },
  secret: 'c'.repeat(43),
};

export interface Person {
  name: string;
  email: string;
  token: string;
  userId: string;
}

export interface Member extends Person {
  sessionId: string;
  credential: string;
}

/**
 * The harness with an app whose calls run on a self-hosted Jitsi (so an open page is not a join),
 * and the steps of the accountability tests: book, open the call page, check in, join, rematch.
 */
export interface AttendanceKit {
  h: Harness;
  call(method: string, path: string, auth: string, body?: unknown): Promise<Response>;
  /** Books `start` for a new person of that name, or for one signed up already; the call link comes later, in the join window, from `openPage`. */
  book(who: string | Person, start: string, duration?: number): Promise<Omit<Member, 'credential'>>;
  openPage(member: Omit<Member, 'credential'>): Promise<Member>;
  checkIn(member: Member): Promise<void>;
  join(member: Member): Promise<void>;
  rematch(member: Member): Promise<Response>;
  session(member: { token: string; sessionId: string }): Promise<Record<string, any>>;
}

/** `deps` adds to what the harness's app is built with (a database a server process opens later needs `passwords: new PasswordQueue()`). */
export async function createAttendanceKit(startAt: string, call: CallSettings = SELF_HOSTED, deps: Partial<AppDeps> = {}): Promise<AttendanceKit> {
  // Webhooks may point at loopback here, so tests can read the events a change writes to the outbox.
  const h = await createHarness(startAt, undefined, { webhooks: { allowPrivate: true }, ...deps });
  const app = createApp({ db: h.db, clock: h.clock, publicUrl: 'https://cowork.example.org', call });
  const contract = contractOf('in-process', async () => app.request('/openapi.json'));
  const kit: AttendanceKit = {
    h,
    call: async (method, path, auth, body) => {
      const response = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await (await contract).check(method, path, response);
      return response;
    },
    book: async (who, start, duration = 25) => {
      const person = typeof who === 'string' ? await h.signUp(who).then((p) => ({ name: who, email: p.email, token: p.token, userId: p.id })) : who;
      const booked = await h.book(person.token, start, duration);
      assert.equal(booked.status, 201, await booked.clone().text());
      return { ...person, sessionId: String((await json(booked)).id) };
    },
    openPage: async (member) => {
      const link = await kit.call('POST', `/v1/sessions/${member.sessionId}/join`, member.token);
      assert.equal(link.status, 200, await link.clone().text());
      const opened = { ...member, credential: new URL(String((await json(link)).url)).hash.slice(1) };
      await kit.checkIn(opened);
      return opened;
    },
    checkIn: async (member) => {
      assert.equal((await kit.call('POST', `/v1/calls/${member.sessionId}/check-in`, member.credential)).status, 204);
    },
    join: async (member) => {
      const joined = await kit.call('POST', `/v1/calls/${member.sessionId}/attendance`, member.credential, { event: 'joined' });
      assert.equal(joined.status, 204);
    },
    rematch: (member) => kit.call('POST', `/v1/calls/${member.sessionId}/rematch`, member.credential),
    session: async (member) => json(await h.request('GET', `/v1/sessions/${member.sessionId}`, { token: member.token })),
  };
  return kit;
}
