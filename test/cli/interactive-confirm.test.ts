import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Routine, Session, Webhook } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from './pty.js';
import { runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * The confirmations of `routine rm`, `routine skip` and `webhook rm` at a real terminal: No leaves
 * everything as it was (exit 1), Yes removes. Private receivers are allowed so a webhook to 127.0.0.1 can be added
 * without a DNS lookup; nothing is ever sent to it. Clocks at Mon 7 Jan 2030, 14:55 in Berlin.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: { ...NOW, COWORK_WEBHOOK_ALLOW_PRIVATE: '1' } });
});
after(async () => {
  closeTerminals();
  await server.stop();
});

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);
async function jsonOf<T>(who: CoworkEnv, args: string[]): Promise<T> {
  const result = await runCowork(who, [...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}
const sessionsOf = (who: CoworkEnv) => jsonOf<Session[]>(who, ['list']);

/**
 * Ada's routine at `time` on Tue 8 and Wed 9 Jan; Bo books Tuesday's too, so Ada's Tuesday is
 * matched. Each test takes its own time, so no one pairs with a session another test left.
 */
async function routineWithOneMatch(time: string): Promise<{ ada: CoworkEnv; routine: Routine }> {
  const ada = await newPerson('Ada');
  const routine = await jsonOf<Routine>(ada, ['routine', 'add', 'daily', time, '25m', '--horizon', '2']);
  assert.equal((await runCowork(await newPerson('Bo'), ['book', '25m', `tue ${time}`])).code, 0);
  assert.deepEqual((await sessionsOf(ada)).map((s) => s.status), ['matched', 'waiting']);
  return { ada, routine };
}

describe('routine rm at a terminal', () => {
  test('answered No, it says "Nothing deleted.", exits 1, and the routine and its sessions stay', async () => {
    const { ada, routine } = await routineWithOneMatch('9:00');
    const term = inTerminal(ada, ['routine', 'rm', routine.id]);
    await term.expect(new RegExp(`Delete routine ${routine.id} and cancel its sessions ahead still waiting for a partner\\?`));
    term.type(`n${KEY.enter}`);
    await term.expect(/Nothing deleted\./);
    assert.equal(await term.exited(), 1);
    assert.deepEqual((await jsonOf<Routine[]>(ada, ['routine', 'list'])).map((r) => r.id), [routine.id]);
    assert.deepEqual((await sessionsOf(ada)).map((s) => s.status), ['matched', 'waiting']);
  });

  test('answered Yes, it deletes the routine and cancels the waiting session ahead, keeping the matched one', async () => {
    const { ada, routine } = await routineWithOneMatch('10:00');
    const term = inTerminal(ada, ['routine', 'rm', routine.id]);
    await term.expect(/still waiting for a partner\?/);
    term.type(`y${KEY.enter}`);
    await term.expect(/Deleted routine [0-9a-f]+ and cancelled its 1 session ahead\. Kept its 1 matched session ahead \(rm --all cancels matched ones too\)\./);
    assert.equal(await term.exited(), 0);
    assert.deepEqual(await jsonOf<Routine[]>(ada, ['routine', 'list']), []);
    assert.deepEqual((await sessionsOf(ada)).map((s) => [s.start, s.status]), [['2030-01-08T09:00:00.000Z', 'matched']]);
  });

  test('with --all the question names the matched sessions too, and Yes cancels every session ahead', async () => {
    const { ada, routine } = await routineWithOneMatch('11:00');
    const term = inTerminal(ada, ['routine', 'rm', routine.id, '--all']);
    await term.expect(/and cancel all its sessions ahead, matched ones too\?/);
    term.type(`y${KEY.enter}`);
    await term.expect(/Deleted routine [0-9a-f]+ and cancelled its 2 sessions ahead\./);
    assert.equal(await term.exited(), 0);
    assert.deepEqual(await jsonOf<Routine[]>(ada, ['routine', 'list']), []);
    assert.deepEqual(await sessionsOf(ada), []);
  });
});

describe('routine skip at a terminal', () => {
  test('answered No, it says "Nothing skipped.", exits 1, and the matched and waiting sessions stay', async () => {
    const { ada, routine } = await routineWithOneMatch('12:00');
    const term = inTerminal(ada, ['routine', 'skip', routine.id, 'tue', '--through', 'wed']);
    await term.expect(new RegExp(`Skip routine ${routine.id} on Tue 8 Jan to Wed 9 Jan, cancelling its sessions then`));
    term.type(`n${KEY.enter}`);
    await term.expect(/Nothing skipped\./);
    assert.equal(await term.exited(), 1);
    assert.deepEqual((await sessionsOf(ada)).map((s) => s.status), ['matched', 'waiting']);
  });

  test('answered Yes, it cancels the day\'s session and says so', async () => {
    const { ada, routine } = await routineWithOneMatch('13:00');
    const term = inTerminal(ada, ['routine', 'skip', routine.id, 'wed']);
    await term.expect(/Skip routine .* on Wed 9 Jan/);
    term.type(`y${KEY.enter}`);
    await term.expect(/Skipped Wed 9 Jan for daily at 13:00 .*: 1 session cancelled\./);
    assert.equal(await term.exited(), 0);
    assert.deepEqual((await sessionsOf(ada)).map((s) => [s.start, s.status]), [['2030-01-08T12:00:00.000Z', 'matched']]);
  });
});

describe('webhook rm at a terminal', () => {
  const webhookOf = async (who: CoworkEnv) => jsonOf<Webhook>(who, ['webhook', 'add', 'http://127.0.0.1:9/hook']);

  test('answered No, it says "Nothing removed.", exits 1, and the webhook stays', async () => {
    const ada = await newPerson('Ada');
    const hook = await webhookOf(ada);
    const term = inTerminal(ada, ['webhook', 'rm', hook.id]);
    await term.expect(new RegExp(`Remove webhook ${hook.id} and the events still waiting for it\\?`));
    term.type(`n${KEY.enter}`);
    await term.expect(/Nothing removed\./);
    assert.equal(await term.exited(), 1);
    assert.deepEqual((await jsonOf<Webhook[]>(ada, ['webhook', 'list'])).map((w) => w.id), [hook.id]);
  });

  test('answered Yes, it removes the webhook', async () => {
    const ada = await newPerson('Ada');
    const hook = await webhookOf(ada);
    const term = inTerminal(ada, ['webhook', 'rm', hook.id]);
    await term.expect(/the events still waiting for it\?/);
    term.type(`y${KEY.enter}`);
    await term.expect(new RegExp(`Removed webhook ${hook.id}\\.`));
    assert.equal(await term.exited(), 0);
    assert.deepEqual(await jsonOf<Webhook[]>(ada, ['webhook', 'list']), []);
  });
});
