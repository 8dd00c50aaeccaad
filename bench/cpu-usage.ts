import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time of a server process (user + system, from `/proc/<pid>/stat`) and of this harness process,
 * whose share is the load generator's: autocannon runs inside it. Read before and after a measured
 * round, they tell how much CPU each request cost the server and whether the load generator, not the
 * server, was the limit.
 */

/** Kernel clock ticks per second, the unit of `/proc/<pid>/stat` times (100 on every common Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Seconds of CPU the process has used so far: utime + stime (fields 14 and 15; the name in field 2 may hold spaces). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export interface CpuUse {
  /** The server's CPU-seconds per 1,000 requests answered. */
  serverCpuSecondsPer1000: number;
  /** The server's CPU-seconds per wall-clock second: 1.0 is one core kept busy. */
  serverCores: number;
  /** The harness's (the load generator's) CPU-seconds per wall-clock second. */
  loadGeneratorCores: number;
}

/** Starts a window over one server process and this harness; `stop` gives the window's use for `requests` requests. */
export function startCpuWindow(pid: number): { stop(requests: number): CpuUse } {
  const wallStarted = performance.now();
  const serverStarted = processCpuSeconds(pid);
  const harnessStarted = process.cpuUsage();
  return {
    stop(requests: number): CpuUse {
      const wallSeconds = (performance.now() - wallStarted) / 1000;
      const serverSeconds = processCpuSeconds(pid) - serverStarted;
      const harness = process.cpuUsage(harnessStarted);
      return {
        serverCpuSecondsPer1000: requests > 0 ? (serverSeconds / requests) * 1000 : Number.NaN,
        serverCores: serverSeconds / wallSeconds,
        loadGeneratorCores: (harness.user + harness.system) / 1e6 / wallSeconds,
      };
    },
  };
}
