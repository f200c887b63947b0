// The request bodies wrk sends, from the same generator as the k6 test (loadtest/payloads.ts):
// valid for ml-serving and for the Python peer (same schema), different on every line.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { batchRequest, churnInput, createRandom } from "../../loadtest/payloads.ts";

export const singlePath = "/api/v1/predict";
export const batchPath = "/api/v1/predict/batch";

export interface BodyFiles {
  single: string;
  batch: (size: number) => string;
  /** Half single predictions, half 100-item batches, each line with its own path. */
  overload: string;
}

/**
 * Writes the body files into `dir`: 1000 single bodies, 100 batches per size, an overload mix.
 *
 * @example
 * const files = writeBodies(".scratch/bodies", [8, 32, 100]);
 * files.batch(32); // ".scratch/bodies/batch-32.txt"
 */
export function writeBodies(dir: string, batchSizes: number[], seed = 20_260_101): BodyFiles {
  mkdirSync(dir, { recursive: true });
  const random = createRandom(seed);
  const lines = (count: number, make: () => unknown) =>
    `${Array.from({ length: count }, () => JSON.stringify(make())).join("\n")}\n`;
  const single = join(dir, "single.txt");
  writeFileSync(
    single,
    lines(1000, () => churnInput(random)),
  );
  const batchFile = (size: number) => join(dir, `batch-${size}.txt`);
  for (const size of batchSizes)
    writeFileSync(
      batchFile(size),
      lines(100, () => batchRequest(random, size)),
    );
  const overload = join(dir, "overload.txt");
  const mix = Array.from({ length: 200 }, (_, index) =>
    index % 2 === 0
      ? `${singlePath}\t${JSON.stringify(churnInput(random))}`
      : `${batchPath}\t${JSON.stringify(batchRequest(random, 100))}`,
  );
  writeFileSync(overload, `${mix.join("\n")}\n`);
  return { single, batch: batchFile, overload };
}
