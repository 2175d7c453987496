import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * An interactive bash or zsh at a real pseudo-terminal (util-linux `script`), where TAB runs the
 * shell's own completion machinery: readline's or zle's word splitting, the replacement of the
 * word at the cursor, file names. `lineAfterTab` types a line, presses TAB, then reads back what
 * the line became by turning it into `echo LINE:<line>` (Ctrl-A, and keys typed ahead wait in the
 * terminal until completion is done).
 */
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r|\x07/g;
const WAIT_MS = 15_000;

/** Why a shell's tests are skipped, or false when it is installed. */
export function missingShell(shell: string): string | false {
  const found = spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
  return found ? false : `${shell} is not installed (apt-get install -y ${shell}; .ci/run installs it)`;
}

export interface Prompt {
  /** What the terminal showed from TAB on, before the line was read back: candidates listed, descriptions. */
  listed: string;
  line: string;
}

export async function lineAfterTab(shell: 'bash' | 'zsh', setup: string[], typed: string, options: { env: Record<string, string>; cwd?: string; tabs?: number }): Promise<Prompt> {
  const start = shell === 'bash' ? 'bash --norc --noprofile -i' : 'zsh -f -i';
  const child = spawn('script', ['-qec', `stty cols 200 rows 50; exec ${start}`, '/dev/null'], {
    env: { TERM: 'xterm', LANG: 'C.UTF-8', INPUTRC: '/dev/null', PS1: '$ ', PROMPT: '$ ', ...options.env },
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const screen = () => raw.replace(ANSI, '');
  const waitFor = async (pattern: RegExp, from: number): Promise<RegExpExecArray> => {
    for (let waited = 0; waited < WAIT_MS; waited += 25) {
      const match = pattern.exec(screen().slice(from));
      if (match) return match;
      await delay(25);
    }
    throw new Error(`the ${shell} prompt never showed ${pattern}; it shows:\n${screen()}`);
  };
  try {
    child.stdin.write([...setup, 'echo READY'].join('\n') + '\n');
    await waitFor(/\nREADY\n/, 0);
    const from = screen().length;
    child.stdin.write(`${typed}${'\t'.repeat(options.tabs ?? 1)}`);
    child.stdin.write('\x01echo LINE:\n');
    const match = await waitFor(/\nLINE:([^\n]*)\n/, from);
    const shown = screen().slice(from);
    return { listed: shown.slice(0, shown.indexOf('echo LINE:')), line: match[1]!.trimEnd() };
  } finally {
    child.stdin.end('exit\n');
    child.kill('SIGTERM');
  }
}
