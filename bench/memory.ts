import { readFileSync } from 'node:fs';

/**
 * The peak resident set size of a live process so far, in MB. VmHWM is the kernel's own
 * high-water mark, so reading it once after the load is exact: no sample can miss the peak.
 */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) / 1024;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/**
 * CPU time (user + system) a live process has used so far, in ms. Unlike wall time it does not
 * grow when other work on this shared machine takes the cores, so cost per request stays comparable.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** The resident set size of a live process now, in MB (VmRSS): what it holds, not its peak. */
export function currentRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}
