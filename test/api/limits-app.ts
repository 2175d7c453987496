import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/config/app-env.js';
import { PasswordQueue, scryptWork, type PasswordQueueOptions, type PasswordWork } from '../../api/accounts/password-queue.js';
import type { Harness } from './harness.js';

/** Password work that costs nothing, for tests of limits where scrypt would only add seconds. */
export const plainWork: PasswordWork = {
  hash: async (password) => `plain$${password}`,
  verify: async (password, stored) => stored === `plain$${password}`,
};

/** Scrypt, counting how many passwords it was asked to check. */
export function countingWork(): PasswordWork & { verified: number } {
  const work = { verified: 0, hash: scryptWork.hash, verify: (password: string, stored: string) => (work.verified++, scryptWork.verify(password, stored)) };
  return work;
}

/**
 * The app over a harness's database and clock, with the client address taken from an
 * `x-test-client` header (in-process requests have no socket) and the password work chosen by the test.
 */
export function limitsApp(h: Harness, options: { work?: PasswordWork; queue?: PasswordQueueOptions; limits?: AppDeps['limits'] } = {}) {
  const passwords = new PasswordQueue(options.queue, options.work ?? plainWork);
  const app = createApp({
    db: h.db,
    clock: h.clock,
    clientAddress: (c) => c.req.header('x-test-client') ?? '192.0.2.1',
    passwords,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const post = (path: string, body: unknown, client = '192.0.2.1') =>
    Promise.resolve(app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-client': client }, body: JSON.stringify(body) }));
  return {
    app,
    passwords,
    signUp: (email: string, password: string, client?: string) => post('/v1/users', { name: email.split('@')[0], email, password }, client),
    logIn: (email: string, password: string, client?: string) => post('/v1/tokens', { email, password }, client),
  };
}
