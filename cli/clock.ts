/**
 * The CLI's "now". COWORK_NOW (an ISO time) starts the clock there and lets it run, exactly as the
 * server's COWORK_NOW does, so a demo or a test can stand a few minutes before a session.
 */
export function cliClock(env: NodeJS.ProcessEnv = process.env): () => Date {
  const start = env.COWORK_NOW ? Date.parse(env.COWORK_NOW) : Number.NaN;
  if (Number.isNaN(start)) return () => new Date();
  const offset = start - Date.now();
  return () => new Date(Date.now() + offset);
}
