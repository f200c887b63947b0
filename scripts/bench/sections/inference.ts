// The inference ceiling: onnxruntime in this process on the same model, with the session options
// of ml-serving's workers (src/workers/worker-entry.ts), one call after another: rows per second
// at 1, 8, 32 and 100 rows per call. No HTTP, no JSON, no worker messages: what the model costs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { batchRequest, createRandom } from "../../../loadtest/payloads.ts";
import { createEncoder } from "../../../src/model/encoder.ts";
import { parseManifest } from "../../../src/model/manifest.ts";
import type { BenchContext } from "../context.ts";
import { repoRoot } from "../ml-serving-process.ts";

export const inferenceBatchSizes = [1, 8, 32, 100];

export interface InferenceResults {
  threads: number;
  bySize: Record<number, { rowsPerS: number; callsPerS: number; meanCallMs: number }>;
}

/** The --threads value the servers run with (the option's default is 1). */
function threadsOf(serverArgs: string[]): number {
  const index = serverArgs.indexOf("--threads");
  return index >= 0 ? Number(serverArgs[index + 1]) : 1;
}

export async function inferenceSection(context: BenchContext): Promise<InferenceResults> {
  const manifest = parseManifest(
    readFileSync(join(repoRoot, "models/churn.manifest.json"), "utf8"),
  );
  const encoder = createEncoder(manifest);
  const threads = threadsOf(context.serverArgs);
  const session = await ort.InferenceSession.create(join(repoRoot, "models/churn.onnx"), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  const inputName = manifest.input.name;
  const outputName = manifest.outputs.probabilities;
  const random = createRandom(99);
  const seconds = context.quick ? 1 : 3;
  const results: InferenceResults = { threads, bySize: {} };
  for (const size of inferenceBatchSizes) {
    // A few different inputs per size, cycled, so no call sees the very same tensor twice in a row.
    const feeds = Array.from({ length: 16 }, () => {
      const input = encoder.encode(batchRequest(random, size).items);
      return { [inputName]: new ort.Tensor("float32", input, [size, encoder.width]) };
    });
    for (const feed of feeds.slice(0, 4)) await session.run(feed, [outputName]);
    let calls = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      const output = await session.run(
        feeds[calls % feeds.length] as ort.InferenceSession.FeedsType,
        [outputName],
      );
      if (output[outputName] === undefined) throw new Error(`no ${outputName} in the output`);
      calls += 1;
    }
    const elapsedS = (performance.now() - started) / 1000;
    results.bySize[size] = {
      rowsPerS: (calls * size) / elapsedS,
      callsPerS: calls / elapsedS,
      meanCallMs: (elapsedS * 1000) / calls,
    };
    context.log(
      `inference ceiling, ${size} rows per call: ${Math.round((calls * size) / elapsedS)} rows/s`,
    );
  }
  await session.release();
  return results;
}
