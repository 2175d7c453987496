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
