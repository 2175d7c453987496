import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagOf } from '../../api/http/openapi-tags.js';

test('an operation is tagged by the longest known prefix of its path', () => {
  assert.equal(tagOf('/v1/sessions/{id}'), 'Sessions');
  assert.equal(tagOf('/v1/sessions/{id}/join'), 'Calls');
  assert.equal(tagOf('/v1/me'), 'Accounts');
  assert.equal(tagOf('/v1/me/calendar'), 'Calendar');
  assert.equal(tagOf('/v1/me/stats'), 'Stats');
  assert.equal(tagOf('/healthz'), 'Service');
});

test('a path under no known prefix is tagged by its first segment, in words', () => {
  assert.equal(tagOf('/v1/events'), 'Events');
  assert.equal(tagOf('/v1/password-resets/{token}'), 'Password resets');
  // A prefix matches whole segments only.
  assert.equal(tagOf('/v1/sessionsx'), 'Sessionsx');
});
