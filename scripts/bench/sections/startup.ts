// Time to ready: from exec to the first 200 of GET /health/ready (the model loaded and warmed in
// every worker). The first start unpacks onnxruntime into an empty runtime directory; the others
// reuse it, as every start after the first does in production.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "../context.ts";
import { startMlServing } from "../ml-serving-process.ts";

export interface StartupResults {
  /** With an empty runtime directory (onnxruntime unpacked first). */
  coldMs: number;
  warmMs: number[];
  medianWarmMs: number;
  exitCodes: (number | null)[];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export async function startupSection(context: BenchContext): Promise<StartupResults> {
  const runtimeDir = join(context.outDir, "runtime-startup");
  rmSync(runtimeDir, { recursive: true, force: true });
  const starts = context.quick ? 3 : 7;
  const times: number[] = [];
  const exitCodes: (number | null)[] = [];
  for (let index = 0; index <= starts; index += 1) {
    const server = await startMlServing({
      binary: context.binary,
      args: context.serverArgs,
      runtimeDir,
      logFile: join(context.outDir, `ml-serving-startup-${index}.log`),
    });
    times.push(server.timeToReadyMs);
    exitCodes.push(await server.stop());
    await Bun.sleep(200);
  }
  const [coldMs = 0, ...warmMs] = times;
  context.log(
    `time to ready: cold ${coldMs.toFixed(0)} ms, warm median ${median(warmMs).toFixed(0)} ms`,
  );
  return { coldMs, warmMs, medianWarmMs: median(warmMs), exitCodes };
}
