import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ThrottledLog } from '../../api/http/throttled-log.js';

function throttled() {
  let now = Date.parse('2030-01-07T13:55:00Z');
  const written: string[] = [];
  const log = new ThrottledLog({ now: () => new Date(now) }, (line) => written.push(line));
  return { log, written, advance: (seconds: number) => void (now += seconds * 1000) };
}

test('a line any client can cause is written at once, then at most once a minute', () => {
  const { log, written, advance } = throttled();
  log.log('aborted 1');
  for (let i = 2; i <= 1_000; i++) {
    log.log(`aborted ${i}`);
    advance(0.05);
  }
  assert.deepEqual(written, ['aborted 1'], 'a thousand more within 50 seconds: held back');
  advance(10.05);
  log.log('aborted 1001');
  assert.deepEqual(written, ['aborted 1', 'aborted 1001 (and 999 more like it since the last one logged)']);
});

test('the count of lines held back starts again after each line written', () => {
  const { log, written, advance } = throttled();
  log.log('a');
  log.log('b');
  advance(60);
  log.log('c');
  log.log('d');
  log.log('e');
  advance(59.999);
  log.log('f');
  advance(0.001);
  log.log('g');
  assert.deepEqual(written, ['a', 'c (and 1 more like it since the last one logged)', 'g (and 3 more like it since the last one logged)']);
});

test('after a quiet minute the next line is written alone, with no count', () => {
  const { log, written, advance } = throttled();
  log.log('a');
  advance(60);
  log.log('b');
  advance(3600);
  log.log('c');
  assert.deepEqual(written, ['a', 'b', 'c']);
});
