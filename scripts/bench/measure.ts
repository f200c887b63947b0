// One measured point, the same way for every server: a warm-up run (discarded), wait until the
// server is idle, then the measured run(s) with the server's CPU and memory sampled from /proc.
import { meanBatchRows, readBatchTotals } from "./metrics.ts";
import {
  cpuSeconds,
  loadAverage,
  sampleRss,
  threadCpuDelta,
  threadCpuSeconds,
  waitIdle,
} from "./proc.ts";
import type { Target } from "./target.ts";
import { runWrk, type WrkResult, type WrkRun } from "./wrk.ts";

export interface Protocol {
  warmupS: number;
  durationS: number;
  /** Measured runs per point; the median of each figure is reported. */
  reps: number;
}

export interface Measurement extends WrkResult {
  target: string;
  /** The server's CPU use during the run, in % of one core (200 % = both cores here). */
  serverCpuPct: number;
  /** Per process of the server (a uvicorn parent and its workers), busiest first, % of one core. */
  processCpuPct: number[];
  /** Per thread role of the main process, % of one core: main (HTTP), Worker, JIT… */
  threadCpuPct: Record<string, number>;
  wrkCpuPct: number;
  /** Rows per onnxruntime call, from the server's metrics; null when not exposed. */
  meanBatchRows: number | null;
  rssMaxMiB: number;
  loadAverageBefore: number;
  /** Every measured run, when reps > 1 (the figures above are their medians). */
  runs: Omit<Measurement, "runs">[];
}

type PointRun = Omit<WrkRun, "baseUrl" | "durationS">;
type Run = Omit<Measurement, "runs">;

async function measuredRun(target: Target, run: PointRun, durationS: number): Promise<Run> {
  const batchBefore = await readBatchTotals(target.baseUrl);
  const loadAverageBefore = loadAverage();
  const pids = target.pids();
  const perProcessBefore = pids.map((pid) => cpuSeconds([pid]));
  const threadsBefore = threadCpuSeconds(target.mainPid);
  const rss = sampleRss(target.pids);
  const result = await runWrk({ ...run, baseUrl: target.baseUrl, durationS });
  const rssSamples = rss.stop();
  const perProcess = pids.map((pid, index) => cpuSeconds([pid]) - (perProcessBefore[index] ?? 0));
  const cpuS = perProcess.reduce((sum, seconds) => sum + seconds, 0);
  const threads = threadCpuDelta(threadsBefore, threadCpuSeconds(target.mainPid));
  const batchAfter = await readBatchTotals(target.baseUrl);
  const pct = (seconds: number) => (100 * seconds) / result.durationS;
  return {
    ...result,
    target: target.name,
    serverCpuPct: pct(cpuS),
    processCpuPct: perProcess.map(pct).sort((a, b) => b - a),
    threadCpuPct: Object.fromEntries(
      Object.entries(threads)
        .filter(([, seconds]) => seconds > 0)
        .map(([role, seconds]) => [role, pct(seconds)]),
    ),
    wrkCpuPct: pct(result.wrkCpuS),
    meanBatchRows: meanBatchRows(batchBefore, batchAfter),
    rssMaxMiB: Math.max(...rssSamples.map((sample) => sample.mib)),
    loadAverageBefore,
  };
}

const middle = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

/** Several runs of one point as one: the median of each figure, failures and maxima over all. */
export function combineRuns(runs: Run[]): Measurement {
  const byThroughput = [...runs].sort((a, b) => a.okPerS - b.okPerS);
  const typical = byThroughput[Math.floor((runs.length - 1) / 2)] as Run;
  const median = (pick: (run: Run) => number) => middle(runs.map(pick));
  return {
    ...typical,
    okPerS: median((run) => run.okPerS),
    itemsPerS: median((run) => run.itemsPerS),
    p50Ms: median((run) => run.p50Ms),
    p90Ms: median((run) => run.p90Ms),
    p99Ms: median((run) => run.p99Ms),
    p999Ms: median((run) => run.p999Ms),
    maxMs: Math.max(...runs.map((run) => run.maxMs)),
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    serverCpuPct: median((run) => run.serverCpuPct),
    wrkCpuPct: median((run) => run.wrkCpuPct),
    rssMaxMiB: Math.max(...runs.map((run) => run.rssMaxMiB)),
    runs: runs.length > 1 ? runs : [],
  };
}

export interface Point {
  target: Target;
  run: PointRun;
}

/**
 * Several points measured in turns: each is warmed up, then every repetition runs every point
 * once, so a noisy moment on the shared machine hits all of them rather than one. An idle wait
 * after each run keeps one run's leftover work (requests the server still computes after wrk
 * stopped) out of the next.
 */
export async function measureInTurns(points: Point[], protocol: Protocol): Promise<Measurement[]> {
  for (const { target, run } of points) {
    if (protocol.warmupS > 0)
      await runWrk({ ...run, baseUrl: target.baseUrl, durationS: protocol.warmupS });
    await waitIdle(target.pids);
  }
  const runs: Run[][] = points.map(() => []);
  for (let rep = 0; rep < protocol.reps; rep += 1) {
    for (const [index, { target, run }] of points.entries()) {
      runs[index]?.push(await measuredRun(target, run, protocol.durationS));
      await waitIdle(target.pids);
    }
  }
  return runs.map(combineRuns);
}

/** One point: warm-up, idle wait, the measured runs. */
export async function measure(
  target: Target,
  run: PointRun,
  protocol: Protocol,
): Promise<Measurement> {
  const [measured] = await measureInTurns([{ target, run }], protocol);
  return measured as Measurement;
}
