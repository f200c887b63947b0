import { describe, expect, test } from "bun:test";
import { type BatchResult, createBatcher } from "../../src/batching/batcher.ts";
import {
  ClientClosedError,
  DeadlineExceededError,
  InferenceFailedError,
  QueueFullError,
} from "../../src/errors.ts";
import { flushMicrotasks } from "../support/deferred.ts";
import { createFakeExecutor } from "../support/fake-executor.ts";
import { createManualClock } from "../support/manual-clock.ts";

const width = 3;

/** `rows` rows whose values start at `start` and count up, so every row is unique. */
function rowsFrom(start: number, rows: number): Float32Array {
  return Float32Array.from({ length: rows * width }, (_, index) => start + index);
}

/** What the fake model answers for `input`: per row [sum, first value]. */
function expectedOutput(input: Float32Array): number[] {
  const out: number[] = [];
  for (let row = 0; row < input.length / width; row += 1) {
    const values = Array.from(input.subarray(row * width, (row + 1) * width));
    out.push(
      values.reduce((a, b) => a + b, 0),
      values[0] as number,
    );
  }
  return out;
}

function setup(
  options: {
    workers?: number;
    maxBatchRows?: number;
    maxQueueRows?: number;
    maxQueueDelayMs?: number;
    prefetch?: boolean;
  } = {},
) {
  const clock = createManualClock();
  const executor = createFakeExecutor(options.workers ?? 1, width, {
    prefetch: options.prefetch ?? false,
  });
  const batchSizes: number[] = [];
  const batcher = createBatcher({
    executor,
    width,
    outputWidth: 2,
    maxBatchRows: options.maxBatchRows ?? 8,
    maxQueueRows: options.maxQueueRows ?? 100,
    maxQueueDelayMs: options.maxQueueDelayMs ?? 0,
    clock,
    onBatch: (rows) => batchSizes.push(rows),
  });
  const submit = (input: Float32Array, extra: { deadlineIn?: number; signal?: AbortSignal } = {}) =>
    batcher.submit(input, input.length / width, {
      deadline: clock.now() + (extra.deadlineIn ?? 10_000),
      ...(extra.signal && { signal: extra.signal }),
    });
  /** Finishes the oldest unfinished call and lets the batcher react. */
  let finished = 0;
  const finishNext = async () => {
    executor.calls[finished++]?.finish();
    await flushMicrotasks();
  };
  return { clock, executor, batcher, submit, finishNext, batchSizes };
}

describe("createBatcher", () => {
  test("a lone request on an idle worker is dispatched at once, with no timer", async () => {
    const { executor, submit, finishNext, clock } = setup();
    const input = rowsFrom(1, 1);
    const result = submit(input);
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]?.rows).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    await finishNext();
    expect(Array.from((await result).output)).toEqual(expectedOutput(input));
  });

  test("requests that queue behind a busy worker go out together as one call", async () => {
    const { executor, submit, finishNext, batchSizes } = setup({ maxBatchRows: 4 });
    const first = submit(rowsFrom(0, 1));
    const queued = [1, 2, 3, 4].map((n) => submit(rowsFrom(n * 100, 1)));
    expect(executor.calls).toHaveLength(1);
    await finishNext();
    expect(executor.calls).toHaveLength(2);
    expect(executor.calls[1]?.rows).toBe(4);
    await finishNext();
    await Promise.all([first, ...queued]);
    expect(batchSizes).toEqual([1, 4]);
  });

  test("batches never exceed the maximum, and a large request is split across them", async () => {
    const { executor, submit, finishNext, batchSizes } = setup({ maxBatchRows: 4 });
    const blocker = submit(rowsFrom(0, 1));
    const big = rowsFrom(1000, 10);
    const result = submit(big);
    for (let call = 0; call < executor.calls.length; call += 1) await finishNext();
    await blocker;
    expect(batchSizes).toEqual([1, 4, 4, 2]);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(4);
    expect(Array.from((await result).output)).toEqual(expectedOutput(big));
  });

  test("randomized concurrent requests come back to the right callers, in order", async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const { executor, submit, batchSizes } = setup({
      workers: 3,
      maxBatchRows: 16,
      maxQueueRows: 10_000,
    });
    const inputs: Float32Array[] = [];
    const results: Promise<BatchResult>[] = [];
    for (let request = 0; request < 300; request += 1) {
      const input = Float32Array.from({ length: (1 + Math.floor(random() * 20)) * width }, () =>
        Math.round(random() * 1000),
      );
      inputs.push(input);
      results.push(submit(input));
      // Finish a random running call now and then, in random order.
      if (random() < 0.6) {
        const open = executor.calls.filter((call) => !(call as { done?: boolean }).done);
        const call = open[Math.floor(random() * open.length)];
        if (call) {
          (call as { done?: boolean }).done = true;
          call.finish();
          await flushMicrotasks();
        }
      }
    }
    for (;;) {
      const open = executor.calls.filter((call) => !(call as { done?: boolean }).done);
      if (open.length === 0) break;
      for (const call of open) {
        (call as { done?: boolean }).done = true;
        call.finish();
      }
      await flushMicrotasks();
    }
    const settled = await Promise.all(results);
    settled.forEach((result, index) => {
      expect(Array.from(result.output)).toEqual(expectedOutput(inputs[index] as Float32Array));
    });
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(16);
    expect(batchSizes.some((rows) => rows > 1)).toBe(true);
  });

  test("a failing batch fails every caller in it and nothing else", async () => {
    const { executor, submit, finishNext } = setup({ maxBatchRows: 4 });
    const first = submit(rowsFrom(0, 1));
    const inFailing = [submit(rowsFrom(10, 1)), submit(rowsFrom(20, 2))];
    await finishNext();
    const afterwards = submit(rowsFrom(30, 1));
    const failure = new InferenceFailedError(new Error("worker died"));
    executor.calls[1]?.fail(failure);
    await flushMicrotasks();
    for (const pending of inFailing) await expect(pending).rejects.toBe(failure);
    await finishNext();
    await finishNext();
    expect(Array.from((await first).output)).toEqual(expectedOutput(rowsFrom(0, 1)));
    expect(Array.from((await afterwards).output)).toEqual(expectedOutput(rowsFrom(30, 1)));
  });

  test("past the queue bound a request is shed at once, and accepted again once there is room", async () => {
    const { submit, finishNext, batcher } = setup({ maxBatchRows: 4, maxQueueRows: 5 });
    const running = submit(rowsFrom(0, 1));
    const queued = submit(rowsFrom(10, 5));
    expect(batcher.stats().queuedRows).toBe(5);
    await expect(submit(rowsFrom(20, 1))).rejects.toBeInstanceOf(QueueFullError);
    await finishNext();
    expect(batcher.stats().queuedRows).toBe(1);
    const later = submit(rowsFrom(30, 1));
    await finishNext();
    await finishNext();
    await Promise.all([running, queued, later]);
  });

  test("a request whose deadline passes in the queue gets 504 and never reaches a worker", async () => {
    const { clock, executor, submit, finishNext, batcher } = setup();
    const running = submit(rowsFrom(0, 1));
    const late = submit(rowsFrom(10, 1), { deadlineIn: 50 });
    const patient = submit(rowsFrom(20, 1), { deadlineIn: 5000 });
    clock.advance(49);
    expect(batcher.stats().queuedRequests).toBe(2);
    clock.advance(1);
    await expect(late).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(batcher.stats().queuedRows).toBe(1);
    await finishNext();
    expect(executor.calls).toHaveLength(2);
    expect(Array.from(executor.calls[1]?.batch ?? [])).toEqual(Array.from(rowsFrom(20, 1)));
    await finishNext();
    await Promise.all([running, patient]);
  });

  test("a request that arrives past its deadline is refused without queueing", async () => {
    const { submit, executor } = setup();
    await expect(submit(rowsFrom(0, 1), { deadlineIn: 0 })).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(executor.calls).toHaveLength(0);
  });

  test("a client that goes away frees its place in the queue", async () => {
    const { submit, finishNext, executor, batcher } = setup();
    const running = submit(rowsFrom(0, 1));
    const controller = new AbortController();
    const leaving = submit(rowsFrom(10, 3), { signal: controller.signal });
    expect(batcher.stats().queuedRows).toBe(3);
    controller.abort();
    await expect(leaving).rejects.toBeInstanceOf(ClientClosedError);
    expect(batcher.stats().queuedRows).toBe(0);
    await finishNext();
    expect(executor.calls).toHaveLength(1);
    await running;
  });

  test("with a max queue delay, a lone request waits for company, but a full batch leaves at once", async () => {
    const { clock, executor, submit, finishNext } = setup({ maxBatchRows: 4, maxQueueDelayMs: 5 });
    const first = submit(rowsFrom(0, 1));
    expect(executor.calls).toHaveLength(0);
    clock.advance(2);
    const second = submit(rowsFrom(10, 1));
    expect(executor.calls).toHaveLength(0);
    clock.advance(3);
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]?.rows).toBe(2);
    await finishNext();
    const full = [0, 1, 2, 3].map((n) => submit(rowsFrom(100 + n * 10, 1)));
    expect(executor.calls).toHaveLength(2);
    expect(executor.calls[1]?.rows).toBe(4);
    await finishNext();
    await Promise.all([first, second, ...full]);
  });

  test("a batch mixing single and multi-row requests returns each its own rows", async () => {
    const { submit, finishNext, executor } = setup({ maxBatchRows: 16 });
    const blocker = submit(rowsFrom(0, 1));
    const inputs = [rowsFrom(100, 1), rowsFrom(200, 5), rowsFrom(300, 1), rowsFrom(400, 3)];
    const results = inputs.map((input) => submit(input));
    await finishNext();
    expect(executor.calls[1]?.rows).toBe(10);
    await finishNext();
    await blocker;
    const outputs = await Promise.all(results);
    outputs.forEach((result, index) => {
      expect(Array.from(result.output)).toEqual(expectedOutput(inputs[index] as Float32Array));
      expect(result.batchRows).toBe(10);
    });
  });

  test("queue time is measured from submit to dispatch on the batcher's clock", async () => {
    const { clock, submit, finishNext } = setup();
    const first = submit(rowsFrom(0, 1));
    const second = submit(rowsFrom(10, 1));
    clock.advance(7);
    await finishNext();
    await finishNext();
    expect((await first).queueMs).toBe(0);
    expect((await second).queueMs).toBe(7);
  });

  test("a busy worker takes a second batch only when a full one is waiting", async () => {
    const { executor, submit, finishNext, batchSizes } = setup({ maxBatchRows: 4, prefetch: true });
    const running = submit(rowsFrom(0, 1));
    const partial = [1, 2, 3].map((n) => submit(rowsFrom(n * 10, 1)));
    // Three rows wait: not a full batch, so they keep growing behind the busy worker.
    expect(executor.calls).toHaveLength(1);
    const fourth = submit(rowsFrom(40, 1));
    // Now four: a full batch goes behind the running one at once.
    expect(executor.calls).toHaveLength(2);
    expect(executor.calls[1]?.rows).toBe(4);
    // The worker holds two; more rows wait for it, even a full batch.
    const more = [5, 6, 7, 8].map((n) => submit(rowsFrom(n * 10, 1)));
    expect(executor.calls).toHaveLength(2);
    await finishNext();
    expect(executor.calls).toHaveLength(3);
    await finishNext();
    await finishNext();
    const answers = await Promise.all([running, ...partial, fourth, ...more]);
    answers.forEach((answer, i) => {
      expect(Array.from(answer.output)).toEqual(expectedOutput(rowsFrom(i * 10, 1)));
    });
    expect(batchSizes).toEqual([1, 4, 4]);
  });
});
