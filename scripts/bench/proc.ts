// What the benchmark reads from /proc: resident memory, CPU time per process and per thread,
// and "is it idle yet". Linux only, like ml-serving itself.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (CLK_TCK; 100 on every Linux we run on). */
const ticksPerSecond = 100;

interface Stat {
  comm: string;
  ppid: number;
  cpuTicks: number;
}

function readStat(path: string): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  // The name (field 2) is in parentheses and may hold spaces: split after its closing one.
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  return {
    comm: text.slice(text.indexOf("(") + 1, close),
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

const numericEntries = (dir: string) => {
  try {
    return readdirSync(dir).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
};

/** The process and all its descendants (a uvicorn parent and its workers, say). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of numericEntries("/proc")) {
    const stat = readStat(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1)
    tree.push(...(children.get(tree[index] as number) ?? []));
  return tree;
}

/** Resident memory of the processes, in MiB (VmRSS; threads share their process's). */
export function rssMiB(pids: number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}

/** CPU seconds (user + system) the processes have used so far. */
export function cpuSeconds(pids: number[]): number {
  return (
    pids.reduce((sum, pid) => sum + (readStat(`/proc/${pid}/stat`)?.cpuTicks ?? 0), 0) /
    ticksPerSecond
  );
}

/**
 * CPU seconds per thread role of one process: "main" (the thread with the process's id: Bun's
 * HTTP thread), and every other thread under its name ("Worker" for Bun Workers, JIT, GC…).
 */
export function threadCpuSeconds(pid: number): Record<string, number> {
  const byRole: Record<string, number> = {};
  for (const tid of numericEntries(`/proc/${pid}/task`)) {
    const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (stat === undefined) continue;
    const role = Number(tid) === pid ? "main" : stat.comm;
    byRole[role] = (byRole[role] ?? 0) + stat.cpuTicks / ticksPerSecond;
  }
  return byRole;
}

/** The difference of two threadCpuSeconds() readings. */
export function threadCpuDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([role, seconds]) => [role, seconds - (before[role] ?? 0)]),
  );
}

/**
 * Waits until the processes use less than 3 % of a core in two 0.5 s windows in a row (the
 * work a load generator left queued has drained), or `maxS` passes. Returns the seconds waited.
 */
export async function waitIdle(pids: () => number[], maxS = 60): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let last = cpuSeconds(pids());
  while (performance.now() - started < maxS * 1000) {
    await Bun.sleep(500);
    const now = cpuSeconds(pids());
    quiet = now - last < 0.015 ? quiet + 1 : 0;
    last = now;
    if (quiet >= 2) break;
  }
  return (performance.now() - started) / 1000;
}

/** Samples resident memory every `intervalMs` until stopped. */
export function sampleRss(pids: () => number[], intervalMs = 250) {
  const samples: { atMs: number; mib: number }[] = [];
  const started = performance.now();
  const take = () => samples.push({ atMs: performance.now() - started, mib: rssMiB(pids()) });
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}
