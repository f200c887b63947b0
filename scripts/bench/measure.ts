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
  /** Measured runs per point; the median by throughput is reported. */
  reps: number;
}

export interface Measurement extends WrkResult {
  target: string;
  /** The server's CPU use during the run, in % of one core (200 % = both cores here). */
  serverCpuPct: number;
  /** Per thread role of the main process, % of one core: main (HTTP), Worker, JIT… */
  threadCpuPct: Record<string, number>;
  wrkCpuPct: number;
  /** Rows per onnxruntime call, from the server's metrics; null when not exposed. */
  meanBatchRows: number | null;
  rssMaxMiB: number;
  loadAverageBefore: number;
  /** Every measured run, when reps > 1. */
  runs: WrkResult[];
}

type PointRun = Omit<WrkRun, "baseUrl" | "durationS">;

async function measuredRun(target: Target, run: PointRun, durationS: number) {
  const batchBefore = await readBatchTotals(target.baseUrl);
  const loadAverageBefore = loadAverage();
  const cpuBefore = cpuSeconds(target.pids());
  const threadsBefore = threadCpuSeconds(target.mainPid);
  const rss = sampleRss(target.pids);
  const result = await runWrk({ ...run, baseUrl: target.baseUrl, durationS });
  const rssSamples = rss.stop();
  const cpuS = cpuSeconds(target.pids()) - cpuBefore;
  const threads = threadCpuDelta(threadsBefore, threadCpuSeconds(target.mainPid));
  const batchAfter = await readBatchTotals(target.baseUrl);
  const pct = (seconds: number) => (100 * seconds) / result.durationS;
  return {
    ...result,
    target: target.name,
    serverCpuPct: pct(cpuS),
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

/**
 * Warm-up, idle wait, measured run(s), idle wait. The idle waits keep one point's leftover work
 * (requests the server still computes after wrk stopped) out of the next.
 */
export async function measure(
  target: Target,
  run: PointRun,
  protocol: Protocol,
): Promise<Measurement> {
  if (protocol.warmupS > 0)
    await runWrk({ ...run, baseUrl: target.baseUrl, durationS: protocol.warmupS });
  await waitIdle(target.pids);
  const runs: Awaited<ReturnType<typeof measuredRun>>[] = [];
  for (let rep = 0; rep < protocol.reps; rep += 1) {
    runs.push(await measuredRun(target, run, protocol.durationS));
    await waitIdle(target.pids);
  }
  const sorted = [...runs].sort((a, b) => a.okPerS - b.okPerS);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as (typeof runs)[number];
  return { ...median, runs: runs.length > 1 ? runs : [] };
}
