import { grantAdmin } from '../../api/storage/admins.js';
import { json, type Harness } from './harness.js';

/** An admin as a server has one: an account signed up like anyone's, then granted by the operator on the database (SPEC §16). */
export async function signUpAdmin(h: Harness, email = 'root@example.org'): Promise<string> {
  const answer = await h.request('POST', '/v1/users', { body: { name: 'Root', email, password: 'correct horse battery' } });
  if (answer.status !== 201) throw new Error(`the admin's sign-up failed: ${answer.status} ${await answer.text()}`);
  const { token } = await json<{ token: string }>(answer);
  if (!(await grantAdmin(h.db, email, 'operator@test', h.clock.now()))) throw new Error(`no account to grant for ${email}`);
  return token;
}
