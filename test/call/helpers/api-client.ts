import { contractOf } from '../../helpers/contract.js';

/** Just enough of the REST API, over real HTTP, to set up calls in browser tests; every answer is checked against /openapi.json. */
export interface Person {
  id: string;
  name: string;
  token: string;
}

let people = 0;

async function call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // The checker compiles every schema in one synchronous stretch, seconds on a loaded machine. Built
  // after a request, it held fetch's kept-alive socket idle past the server's 5 s keep-alive, and the
  // next request went out on a socket the server had closed ("other side closed"). So it is built
  // first, from a connection closed after the document, leaving no idle socket behind.
  const contract = await contractOf(base, () => fetch(`${base}/openapi.json`, { headers: { connection: 'close' } }));
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  await contract.check(method, path, response);
  return response;
}

async function expectJson<T>(response: Response, status: number, what: string): Promise<T> {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function signUp(base: string, name: string): Promise<Person> {
  const email = `${name.toLowerCase()}.${process.pid}.${++people}@example.org`;
  const { user, token } = await expectJson<{ user: { id: string }; token: string }>(
    await call(base, 'POST', '/v1/users', undefined, { name, email, password: 'correct horse battery' }), 201, 'sign-up');
  return { id: user.id, name, token };
}

export async function book(base: string, person: Person, start: string, task: string, duration = 50): Promise<{ id: string; status: string }> {
  return expectJson(await call(base, 'POST', '/v1/sessions', person.token, { start, duration, task }), 201, 'booking');
}

export async function join(base: string, person: Person, sessionId: string): Promise<{ url: string; expiresAt: string }> {
  return expectJson(await call(base, 'POST', `/v1/sessions/${sessionId}/join`, person.token), 200, 'join');
}

export async function cancel(base: string, person: Person, sessionId: string): Promise<void> {
  await expectJson(await call(base, 'DELETE', `/v1/sessions/${sessionId}`, person.token), 200, 'cancel');
}

export function callApi(base: string, sessionId: string, credential: string): Promise<Response> {
  return call(base, 'GET', `/v1/calls/${sessionId}`, credential);
}

export const credentialOf = (joinUrl: string): string => new URL(joinUrl).hash.slice(1);
