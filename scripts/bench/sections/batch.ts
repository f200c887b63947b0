// The batch endpoint: predictions per second at 8, 32 and 100 items per request, and 32 items at
// the Python peer's 64 connections for the comparison with it.
import { join } from "node:path";
import { batchPath } from "../bodies.ts";
import {
  type BenchContext,
  batchConnections,
  batchSizes,
  peerBatchSize,
  peerConnections,
} from "../context.ts";
import { type Measurement, measure } from "../measure.ts";
import { startMlServing } from "../ml-serving-process.ts";

export interface BatchResults {
  connections: number;
  bySize: Record<number, Measurement>;
  /** 32 items per request at 64 connections (as the peer is measured). */
  peerLoad: Measurement;
  exitCode: number | null;
}

export async function batchSection(context: BenchContext): Promise<BatchResults> {
  const server = await startMlServing({
    binary: context.binary,
    args: context.serverArgs,
    runtimeDir: context.runtimeDir,
    logFile: join(context.outDir, "ml-serving-batch.log"),
  });
  const point = async (size: number, connections: number) => {
    context.log(`batch endpoint, ${size} items, ${connections} connections`);
    const measured = await measure(
      server,
      {
        bodiesFile: context.bodies.batch(size),
        path: batchPath,
        connections,
        itemsPerRequest: size,
      },
      context.protocol,
    );
    context.log(
      `  ${Math.round(measured.itemsPerS)} predictions/s, p99 ${measured.p99Ms.toFixed(2)} ms, non-2xx ${measured.failed}`,
    );
    return measured;
  };
  const bySize: Record<number, Measurement> = {};
  for (const size of batchSizes) bySize[size] = await point(size, batchConnections);
  const peerLoad = await point(peerBatchSize, peerConnections);
  return { connections: batchConnections, bySize, peerLoad, exitCode: await server.stop() };
}
