// `node --import tsx bench/profile-summary.ts <file.cpuprofile> [<from>-<to> ms] [requests]`: what a
// `--cpu-prof` profile of bench/profile-server.ts spent, per function. Without a window it prints
// the busy milliseconds of each 100 ms of the profile, to find the measured phase (the last busy
// stretch before the server stops); with one it prints, for that window only, the µs per request
// of each function with its callees (inclusive) and alone (self), the way bench/findings.md reports.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, window, requests] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [<from>-<to> ms] [requests]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const idle = (node: ProfileNode) => node.callFrame.functionName === '(idle)';

// Each sample's time in µs since the profile started, and the µs it stands for.
let at = 0;
const samples = profile.samples.map((id, i) => ({ node: nodes.get(id)!, at: (at += profile.timeDeltas[i]!), us: profile.timeDeltas[i]! }));

if (!window) {
  const busy = new Map<number, number>();
  for (const sample of samples) if (!idle(sample.node)) busy.set(Math.floor(sample.at / 100_000), (busy.get(Math.floor(sample.at / 100_000)) ?? 0) + sample.us);
  console.log([...busy].map(([tenth, us]) => `${(tenth / 10).toFixed(1)}s:${Math.round(us / 1000)}`).join(' '));
} else {
  const [fromMs, toMs] = window.split('-').map(Number) as [number, number];
  const perRequest = Number(requests ?? 1);
  const name = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').at(-1)}:${node.callFrame.lineNumber}`;
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  let busy = 0;
  for (const sample of samples) {
    if (sample.at < fromMs * 1000 || sample.at >= toMs * 1000 || idle(sample.node)) continue;
    busy += sample.us;
    self.set(name(sample.node), (self.get(name(sample.node)) ?? 0) + sample.us);
    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let id: number | undefined = sample.node.id; id !== undefined; id = parents.get(id)) {
      const key = name(nodes.get(id)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sample.us);
    }
  }
  console.log(`busy ${(busy / 1000).toFixed(0)} ms, ${(busy / perRequest).toFixed(1)} µs a request`);
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 50)) {
    console.log(`${(us / perRequest).toFixed(1).padStart(7)} µs incl ${((self.get(key) ?? 0) / perRequest).toFixed(1).padStart(6)} self  ${key}`);
  }
}
