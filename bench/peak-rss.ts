import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of a server process from the kernel's own high-water mark (`VmHWM`), which,
 * unlike sampling `VmRSS`, cannot miss a short spike. Resetting it between phases (writing 5 to
 * `clear_refs`, Linux 4.0+) gives each phase its own peak.
 */

/** Starts a new peak window; false when the kernel refuses, and the peak then counts from process start. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export function peakRssMb(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Math.round(Number(match[1]) / 1024);
}
