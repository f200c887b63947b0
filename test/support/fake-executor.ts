import type { BatchExecutor, ExecutorResult } from "../../src/batching/batcher.ts";
import { deferred } from "./deferred.ts";

export interface FakeCall {
  batch: Float32Array;
  rows: number;
  finish: () => void;
  fail: (error: unknown) => void;
}

/**
 * A fake model on `workers` fake workers: each output row is [sum of the input row, first value],
 * and a call finishes only when the test calls `finish()` (or `fail()`), so the test decides when
 * a worker frees up. With `prefetch`, each busy worker can hold one more call behind its own.
 */
export function createFakeExecutor(
  workers: number,
  width: number,
  options: { prefetch?: boolean } = {},
) {
  const calls: FakeCall[] = [];
  let busy = 0;
  const capacity = options.prefetch ? workers * 2 : workers;
  const executor: BatchExecutor & { calls: FakeCall[]; onFree?: () => void } = {
    calls,
    hasFreeWorker: () => busy < workers,
    canPrefetch: () => busy < capacity,
    run(batch, rows) {
      if (busy >= capacity) throw new Error("run() without a free worker");
      busy += 1;
      const gate = deferred<ExecutorResult>();
      const output = new Float32Array(rows * 2);
      for (let row = 0; row < rows; row += 1) {
        let sum = 0;
        for (let column = 0; column < width; column += 1)
          sum += batch[row * width + column] as number;
        output[row * 2] = sum;
        output[row * 2 + 1] = batch[row * width] as number;
      }
      calls.push({
        batch: batch.slice(),
        rows,
        finish: () => {
          busy -= 1;
          gate.resolve({ output, inferenceMs: 1 });
        },
        fail: (error) => {
          busy -= 1;
          gate.reject(error);
        },
      });
      return gate.promise;
    },
  };
  return executor;
}
