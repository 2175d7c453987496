import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, resolveCorsOrigins } from '../../api/config/config.js';

test('COWORK_CORS_ORIGINS is none by default and a comma-separated list of origins', () => {
  assert.deepEqual(resolveCorsOrigins({}), []);
  assert.deepEqual(resolveCorsOrigins({ COWORK_CORS_ORIGINS: 'https://app.example.org, http://localhost:5173' }), ['https://app.example.org', 'http://localhost:5173']);
});

test('an entry that is not a bare origin stops start-up, naming it', () => {
  for (const bad of ['https://app.example.org/', 'app.example.org', 'ftp://files.example.org', 'https://app.example.org/path', '*']) {
    assert.throws(() => resolveCorsOrigins({ COWORK_CORS_ORIGINS: bad }), (error: Error) => error instanceof ConfigError && error.message.includes(`"${bad}"`), bad);
  }
});
