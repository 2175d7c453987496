// Log-in throttle rows are keyed by a keyed hash of the email from now on (login-attempts.ts),
// never the email. The rows in the old form are dropped rather than rewritten: SQL has no HMAC
// and the secret may not exist yet, and each row lives an hour at most, so an upgrade forgets
// at most one hour of failed log-ins, once. secure_delete (database.ts) zeroes the emails they held.
export const version = 15;

export const statements: string[] = [`DELETE FROM rate_limits WHERE bucket IN ('login', 'login-account')`];
