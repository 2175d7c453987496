/**
 * Runs `body` with `vars` set in `process.env`, then puts each back as it was (unset if it was).
 * Test files share a process with the others of their batch, and what they start later (a server,
 * a CLI, Chromium) inherits the environment: a TZ left behind once moved a call page's clock by
 * an hour in a browser test that ran after it.
 */
export async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
