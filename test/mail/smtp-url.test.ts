import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../api/config/config.js';
import { parseMailFrom, parseSmtpUrl, redact } from '../../api/config/mail-settings.js';

/** COWORK_SMTP_URL and COWORK_MAIL_FROM as an operator writes them (README "Mail"). */
describe('COWORK_SMTP_URL', () => {
  const readings: [string, ReturnType<typeof parseSmtpUrl>][] = [
    ['smtps://ada%40example.org:app-password@smtp.fastmail.com:465', { host: 'smtp.fastmail.com', port: 465, secure: true, requireTLS: false, user: 'ada@example.org', pass: 'app-password' }],
    ['smtps://me:pw@mail.example.org', { host: 'mail.example.org', port: 465, secure: true, requireTLS: false, user: 'me', pass: 'pw' }],
    ['smtp://TOKEN:TOKEN@smtp.postmarkapp.com:587', { host: 'smtp.postmarkapp.com', port: 587, secure: false, requireTLS: true, user: 'TOKEN', pass: 'TOKEN' }],
    ['smtp://relay.example.org', { host: 'relay.example.org', port: 587, secure: false, requireTLS: true, user: undefined, pass: undefined }],
    ['smtp://u:p%3Aw%25@127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false, requireTLS: false, user: 'u', pass: 'p:w%' }],
    ['smtp://localhost:25', { host: 'localhost', port: 25, secure: false, requireTLS: false, user: undefined, pass: undefined }],
    ['smtp://[::1]:25', { host: '::1', port: 25, secure: false, requireTLS: false, user: undefined, pass: undefined }],
  ];
  for (const [url, reading] of readings) {
    test(`reads ${redact(url)}: STARTTLS required off this machine, credentials decoded`, () => assert.deepEqual(parseSmtpUrl(url), reading));
  }

  for (const url of ['http://mail.example.org', 'smtp://', 'smtp://me@mail.example.org', 'smtps://mail.example.org/path', 'smtp://u:%E0%A4%A@mail.example.org', 'mail.example.org']) {
    test(`refuses ${url} with a ConfigError`, () => assert.throws(() => parseSmtpUrl(url), ConfigError));
  }

  test('redact hides the password and nothing else', () => {
    assert.equal(redact('smtps://ada%40example.org:app-password@smtp.fastmail.com:465'), 'smtps://ada%40example.org:***@smtp.fastmail.com:465');
  });
});

describe('COWORK_MAIL_FROM', () => {
  test('takes a bare address or a name and an address', () => {
    assert.equal(parseMailFrom('cowork@example.org'), 'cowork@example.org');
    assert.equal(parseMailFrom(' cowork <cowork@example.org> '), 'cowork <cowork@example.org>');
  });
  test('refuses what is no address, and a header injection', () => {
    for (const from of ['cowork', 'cowork <cowork>', 'a@b.c\r\nBcc: x@y.z']) assert.throws(() => parseMailFrom(from), ConfigError);
  });
});
