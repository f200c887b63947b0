// Overload: far more work offered than the server can do. wrk keeps 256 connections busy with a
// mix of single predictions and 100-item batches (up to ~13,000 rows outstanding against a queue
// bound of 2048), while a probe sends single predictions with a 1 s deadline and times each
// answer by status. Expected: fast 503s with Retry-After, no crash, memory that stops growing,
// and every accepted request answered within its deadline.
import { join } from "node:path";
import { churnInput, createRandom } from "../../../loadtest/payloads.ts";
import { singlePath } from "../bodies.ts";
import type { BenchContext } from "../context.ts";
import { startMlServing } from "../ml-serving-process.ts";
import { rssMiB, sampleRss } from "../proc.ts";
import { waitFor200 } from "../target.ts";
import { runWrk, type WrkResult } from "../wrk.ts";
import { median } from "./startup.ts";

export const overloadConnections = 256;
export const probeDeadlineMs = 1000;
const probeLoops = 4;

interface ProbeAnswer {
  status: number;
  ms: number;
  retryAfter: boolean;
}

export interface LatencyStats {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface OverloadResults {
  durationS: number;
  flood: WrkResult;
  probe: {
    deadlineMs: number;
    byStatus: Record<string, LatencyStats>;
    shedWithoutRetryAfter: number;
    acceptedOverDeadline: number;
  };
  memory: {
    idleMiB: number;
    maxMiB: number;
    firstHalfMaxMiB: number;
    secondHalfMaxMiB: number;
    afterMiB: number;
  };
  after: {
    alive: boolean;
    healthStatus: number | null;
    readyAgainMs: number | null;
    predictionStatus: number | null;
  };
  exitCode: number | null;
}

export function latencyStats(values: number[]): LatencyStats {
  if (values.length === 0) return { count: 0, p50Ms: null, p99Ms: null, maxMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return {
    count: values.length,
    p50Ms: median(values),
    p99Ms: at(0.99),
    maxMs: sorted[sorted.length - 1] as number,
  };
}

async function probe(baseUrl: string, untilMs: number): Promise<ProbeAnswer[]> {
  const random = createRandom(4242);
  const answers: ProbeAnswer[] = [];
  const loop = async () => {
    while (performance.now() < untilMs) {
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}${singlePath}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-request-timeout-ms": String(probeDeadlineMs),
          },
          body: JSON.stringify(churnInput(random)),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        answers.push({
          status: response.status,
          ms: performance.now() - started,
          retryAfter: response.headers.has("retry-after"),
        });
      } catch {
        answers.push({ status: 0, ms: performance.now() - started, retryAfter: false });
      }
    }
  };
  await Promise.all(Array.from({ length: probeLoops }, loop));
  return answers;
}

async function statusOf(url: string, init?: RequestInit): Promise<number | null> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}

export async function overloadSection(context: BenchContext): Promise<OverloadResults> {
  const durationS = context.quick ? 6 : 20;
  const server = await startMlServing({
    binary: context.binary,
    args: context.serverArgs,
    runtimeDir: context.runtimeDir,
    logFile: join(context.outDir, "ml-serving-overload.log"),
  });
  await Bun.sleep(1000);
  const idleMiB = rssMiB(server.pids());
  context.log(
    `overload: ${overloadConnections} connections for ${durationS} s, probe with a ${probeDeadlineMs} ms deadline`,
  );
  const rss = sampleRss(server.pids, 100);
  const floodStarted = performance.now();
  const flood = runWrk({
    baseUrl: server.baseUrl,
    bodiesFile: context.bodies.overload,
    path: singlePath,
    connections: overloadConnections,
    durationS,
    tally: true,
  });
  await Bun.sleep(1000);
  const answers = await probe(server.baseUrl, floodStarted + (durationS - 1) * 1000);
  const floodResult = await flood;
  const samples = rss.stop();
  const alive = server.alive();
  const healthStatus = await statusOf(`${server.baseUrl}/health`);
  const readyStarted = performance.now();
  let readyAgainMs: number | null = null;
  try {
    await waitFor200(`${server.baseUrl}/health/ready`, () => true, 10_000, 20);
    readyAgainMs = performance.now() - readyStarted;
  } catch {
    readyAgainMs = null;
  }
  const predictionStatus = await statusOf(`${server.baseUrl}${singlePath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(churnInput(createRandom(1))),
  });
  const afterMiB = rssMiB(server.pids());
  const exitCode = await server.stop();

  const byStatus: Record<string, LatencyStats> = {};
  for (const status of new Set(answers.map((answer) => answer.status))) {
    byStatus[String(status)] = latencyStats(
      answers.filter((a) => a.status === status).map((a) => a.ms),
    );
  }
  const floodSamples = samples.filter((sample) => sample.atMs <= durationS * 1000);
  const half = (durationS * 1000) / 2;
  const maxOf = (list: typeof samples) => Math.max(...list.map((sample) => sample.mib));
  const results: OverloadResults = {
    durationS,
    flood: floodResult,
    probe: {
      deadlineMs: probeDeadlineMs,
      byStatus,
      shedWithoutRetryAfter: answers.filter((a) => a.status === 503 && !a.retryAfter).length,
      acceptedOverDeadline: answers.filter((a) => a.status === 200 && a.ms > probeDeadlineMs)
        .length,
    },
    memory: {
      idleMiB,
      maxMiB: maxOf(samples),
      firstHalfMaxMiB: maxOf(floodSamples.filter((sample) => sample.atMs < half)),
      secondHalfMaxMiB: maxOf(floodSamples.filter((sample) => sample.atMs >= half)),
      afterMiB,
    },
    after: { alive, healthStatus, readyAgainMs, predictionStatus },
    exitCode,
  };
  context.log(
    `  flood statuses ${JSON.stringify(floodResult.statuses)}; probe ${JSON.stringify(
      Object.fromEntries(Object.entries(byStatus).map(([status, stats]) => [status, stats.count])),
    )}; RSS idle ${idleMiB.toFixed(0)} → max ${results.memory.maxMiB.toFixed(0)} MiB`,
  );
  return results;
}
