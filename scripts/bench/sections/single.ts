// Single predictions at 1, 16, 64 and 256 connections against three servers, point by point so
// that a noisy moment hits all three alike: the HTTP ceiling (a bare Bun server), ml-serving with
// batching (its defaults), and ml-serving with --max-batch-size 1 (every request its own call).
import { join } from "node:path";
import { singlePath } from "../bodies.ts";
import type { BenchContext } from "../context.ts";
import { freePort } from "../free-port.ts";
import { type Measurement, measureInTurns, type Protocol } from "../measure.ts";
import { startMlServing } from "../ml-serving-process.ts";
import { rssMiB } from "../proc.ts";
import { type Target, terminate, waitFor200 } from "../target.ts";

export interface SingleResults {
  connections: number[];
  httpCeiling: Record<number, Measurement>;
  batching: Record<number, Measurement>;
  maxBatch1: Record<number, Measurement>;
  /** ml-serving (defaults) after ready and 1 s idle, MiB. */
  idleRssMiB: number;
  exitCodes: Record<string, number | null>;
}

async function startHttpCeiling(): Promise<Target> {
  const port = freePort();
  const script = join(import.meta.dir, "../http-ceiling-server.ts");
  const child = Bun.spawn([process.execPath, script, String(port)], {
    stdout: "ignore",
    stderr: "inherit",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  await waitFor200(baseUrl, alive, 10_000);
  return {
    name: "http-ceiling",
    baseUrl,
    mainPid: child.pid,
    pids: () => [child.pid],
    alive,
    stop: () => terminate(child),
  };
}

/**
 * One connection is a ping-pong whose latency on this VM depends on what else runs (an idle
 * vCPU wakes slowly: p50 about 0.12 ms on a quiet machine, 0.05 ms when other work keeps the
 * cores awake, for every server alike), so that point takes twice as many runs plus one, each
 * half as long, and reports their median.
 */
export function protocolFor(connections: number, protocol: Protocol): Protocol {
  if (connections > 1) return protocol;
  return {
    ...protocol,
    reps: protocol.reps * 2 + 1,
    durationS: Math.max(2, Math.ceil(protocol.durationS / 2)),
  };
}

export async function singleSection(context: BenchContext): Promise<SingleResults> {
  const { log } = context;
  const start = (name: string, args: string[]) =>
    startMlServing({
      binary: context.binary,
      args: [...context.serverArgs, ...args],
      runtimeDir: context.runtimeDir,
      logFile: join(context.outDir, `${name}.log`),
      name,
    });
  const ceiling = await startHttpCeiling();
  const batching = await start("ml-serving", []);
  const maxBatch1 = await start("ml-serving-max-batch-1", ["--max-batch-size", "1"]);
  await Bun.sleep(1000);
  const idleRssMiB = rssMiB(batching.pids());
  const results: SingleResults = {
    connections: context.connections,
    httpCeiling: {},
    batching: {},
    maxBatch1: {},
    idleRssMiB,
    exitCodes: {},
  };
  for (const connections of context.connections) {
    const run = {
      bodiesFile: context.bodies.single,
      path: singlePath,
      connections,
      itemsPerRequest: 1,
    };
    const targets = [ceiling, batching, maxBatch1];
    log(
      `single predictions, ${connections} connections: ${targets.map((t) => t.name).join(", ")} in turns`,
    );
    const measured = await measureInTurns(
      targets.map((target) => ({ target, run })),
      protocolFor(connections, context.protocol),
    );
    [results.httpCeiling, results.batching, results.maxBatch1].forEach((into, index) => {
      const m = measured[index] as Measurement;
      into[connections] = m;
      log(
        `  ${m.target}: ${Math.round(m.okPerS)} req/s, p50 ${m.p50Ms.toFixed(2)} ms, p99 ${m.p99Ms.toFixed(2)} ms, server CPU ${Math.round(m.serverCpuPct)} %`,
      );
    });
  }
  for (const target of [ceiling, batching, maxBatch1])
    results.exitCodes[target.name] = await target.stop();
  return results;
}
