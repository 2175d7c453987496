import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inTurnBatches } from '../../api/http/turn-batches.js';

describe('requests handled in turn batches', () => {
  test('requests read in one turn start together after it, in arrival order, each with its own answer', async () => {
    const started: string[] = [];
    const handle = inTurnBatches((name: string) => {
      started.push(name);
      return `answer to ${name}`;
    });
    const answers = Promise.all(['a', 'b', 'c'].map((name) => handle(name)));
    assert.deepEqual(started, [], 'nothing starts while the turn is still reading requests');
    assert.deepEqual(await answers, ['answer to a', 'answer to b', 'answer to c']);
    assert.deepEqual(started, ['a', 'b', 'c']);
  });

  test('each request is handled exactly once, and one that throws fails alone', async () => {
    let calls = 0;
    const handle = inTurnBatches(async (fail: boolean) => {
      calls += 1;
      if (fail) throw new Error('refused');
      return 'ok';
    });
    const syncThrow = inTurnBatches(() => {
      throw new Error('thrown at once');
    });
    const results = await Promise.allSettled([handle(false), handle(true), syncThrow(), handle(false)]);
    assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.equal(calls, 3);
  });

  test('a request that arrives while a batch is starting joins the next batch and is answered', async () => {
    const order: string[] = [];
    const handle: (name: string) => Promise<string> = inTurnBatches(async (name: string) => {
      order.push(name);
      return name === 'first' ? handle('late') : name;
    });
    assert.equal(await Promise.all([handle('first'), handle('second')]).then(([first]) => first), 'late');
    assert.deepEqual(order, ['first', 'second', 'late']);
  });
});
