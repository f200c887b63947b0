// The usual Python stack under the same load: the FastAPI + Uvicorn + scikit-learn service in
// ../shared/peers/fastapi-seed (read-only here), started with its own start.sh (2 workers, its
// best setting on 2 cores per its RESULTS.md) and measured with the same wrk, connections,
// bodies, warm-up and idle wait as ml-serving.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../../lib/run-command.ts";
import { batchPath, singlePath } from "../bodies.ts";
import { type BenchContext, peerBatchSize, peerConnections } from "../context.ts";
import { freePort } from "../free-port.ts";
import { type Measurement, measure, type Protocol } from "../measure.ts";
import { processTree, rssMiB } from "../proc.ts";
import type { Target } from "../target.ts";

export const peerWorkers = 2;

export interface PeerResults {
  dir: string;
  workers: number;
  /** From start.sh: process start → first 200 of /health/ready, and → every worker loaded. */
  firstReadyS: number;
  allWorkersReadyS: number;
  idleRssMiB: number;
  /** Its measuring protocol: at least 5 s of warm-up and 10 s per run (slow batches). */
  protocol: Protocol;
  single: Measurement;
  batch: Measurement;
  afterRssMiB: number;
}

/** Why the peer cannot run here, or undefined when it can. */
export function peerMissing(dir: string): string | undefined {
  for (const file of ["start.sh", "stop.sh", "models/churn_model.pkl"]) {
    if (!existsSync(join(dir, file))) return `${join(dir, file)} is missing`;
  }
  const imports = Bun.spawnSync([
    "/usr/bin/python3",
    "-c",
    "import fastapi, uvicorn, sklearn, pandas, psutil",
  ]);
  if (imports.exitCode !== 0)
    return `its Python packages are missing: run ${join(dir, "install_deps.sh")} (apt)`;
  return undefined;
}

async function script(dir: string, runDir: string, args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCommand(args, {
    cwd: dir,
    env: { ...process.env, PEER_RUN_DIR: runDir },
  });
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}: ${stderr}`);
  return stdout;
}

export async function peerSection(context: BenchContext, dir: string): Promise<PeerResults> {
  const runDir = join(context.outDir, "peer-run");
  mkdirSync(runDir, { recursive: true });
  const port = freePort();
  context.log(`python peer: ${dir}, ${peerWorkers} workers on port ${port}`);
  const started = await script(dir, runDir, [
    join(dir, "start.sh"),
    String(port),
    String(peerWorkers),
  ]);
  const startup = JSON.parse(started.trim().split("\n").pop() ?? "{}") as {
    pid: number;
    first_ready_s: number;
    all_workers_ready_s: number;
  };
  const target: Target = {
    name: "python-peer",
    baseUrl: `http://127.0.0.1:${port}`,
    mainPid: startup.pid,
    pids: () => processTree(startup.pid),
    alive: () => existsSync(`/proc/${startup.pid}`),
    stop: async () => {
      await script(dir, runDir, [join(dir, "stop.sh"), String(port)]);
      return null;
    },
  };
  try {
    await Bun.sleep(1000);
    const idleRssMiB = rssMiB(target.pids());
    // Its batches take seconds at 64 connections: at least its own RESULTS.md protocol (5 s
    // warm-up, then an idle wait), and runs long enough for a hundred batches or more to finish.
    const protocol = {
      ...context.protocol,
      warmupS: Math.max(5, context.protocol.warmupS),
      durationS: Math.max(10, context.protocol.durationS),
    };
    // Its multi-second batch latencies are queueing, not failures (its RESULTS.md uses 60 s too).
    const timeoutS = 60;
    context.log(`python peer: single predictions, ${peerConnections} connections`);
    const single = await measure(
      target,
      {
        bodiesFile: context.bodies.single,
        path: singlePath,
        connections: peerConnections,
        itemsPerRequest: 1,
        timeoutS,
      },
      protocol,
    );
    context.log(
      `  ${single.okPerS.toFixed(1)} req/s, p99 ${single.p99Ms.toFixed(0)} ms, non-2xx ${single.failed}`,
    );
    context.log(`python peer: batches of ${peerBatchSize}, ${peerConnections} connections`);
    const batch = await measure(
      target,
      {
        bodiesFile: context.bodies.batch(peerBatchSize),
        path: batchPath,
        connections: peerConnections,
        itemsPerRequest: peerBatchSize,
        timeoutS,
      },
      protocol,
    );
    context.log(
      `  ${batch.itemsPerS.toFixed(1)} predictions/s, p99 ${batch.p99Ms.toFixed(0)} ms, non-2xx ${batch.failed}`,
    );
    return {
      dir,
      workers: peerWorkers,
      firstReadyS: startup.first_ready_s,
      allWorkersReadyS: startup.all_workers_ready_s,
      idleRssMiB,
      protocol,
      single,
      batch,
      afterRssMiB: rssMiB(target.pids()),
    };
  } finally {
    await target.stop();
  }
}
