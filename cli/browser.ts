/**
 * Opening a URL in the person's browser, and knowing whether that worked: `open` resolves once its
 * launcher (xdg-open, open, start) has started, so a launcher that finds no browser is noticed by
 * its exit code. One that is still running after a moment has handed the URL to a browser.
 */
const LAUNCHER_GRACE_MS = 3_000;

export async function openInBrowser(url: string): Promise<boolean> {
  const { default: open } = await import('open');
  let launcher;
  try {
    launcher = await open(url);
  } catch {
    return false;
  }
  if (launcher.exitCode !== null) return launcher.exitCode === 0;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), LAUNCHER_GRACE_MS);
    launcher.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
