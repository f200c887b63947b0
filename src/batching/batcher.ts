import { ClientClosedError, DeadlineExceededError, QueueFullError } from "../errors.ts";
import { type Clock, systemClock } from "./clock.ts";
import { mergeRows, type Slice, splitRows } from "./merge.ts";

/** What runs a merged batch: the worker pool in production, a fake model in tests. */
export interface BatchExecutor {
  /** Whether a worker is free to take a batch now. */
  hasFreeWorker(): boolean;
  /** Whether a busy worker can hold one more batch behind the one it runs. @default never */
  canPrefetch?(): boolean;
  /** Runs the batch on a free worker, or behind a busy one's (after one of the above said yes). */
  run(batch: Float32Array, rows: number): Promise<ExecutorResult>;
}

export interface ExecutorResult {
  /** rows × outputWidth values, row-major. */
  output: Float32Array;
  inferenceMs: number;
}

export interface BatcherOptions {
  executor: BatchExecutor;
  /** Input columns per row. */
  width: number;
  /** Output values per row. */
  outputWidth: number;
  /** Most rows in one executor call. */
  maxBatchRows: number;
  /** Most rows waiting in the queue; a request that would pass it is shed. */
  maxQueueRows: number;
  /** How long queued rows may wait for a fuller batch although a worker is free. @default 0 */
  maxQueueDelayMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** Called with the row count of every batch handed to the executor. */
  onBatch?: (rows: number) => void;
}

export interface SubmitOptions {
  /** Absolute time (clock.now()) after which the request must not reach a worker. */
  deadline: number;
  /** Aborts when the client goes away: a queued request then gives up its place. */
  signal?: AbortSignal;
}

export interface BatchResult {
  /** rows × outputWidth values for this request only, in its row order. */
  output: Float32Array;
  /** From submit to the first of its rows leaving the queue. */
  queueMs: number;
  /** Time in the executor for the batch (or batches) that carried its rows. */
  inferenceMs: number;
  /** Rows in the (first) batch that carried this request. */
  batchRows: number;
}

export interface BatcherStats {
  queuedRows: number;
  queuedRequests: number;
  inFlightBatches: number;
}

export interface Batcher {
  submit(input: Float32Array, rows: number, options: SubmitOptions): Promise<BatchResult>;
  /** Dispatches queued work if a worker is free; call it when one becomes free. */
  pump(): void;
  stats(): BatcherStats;
}

interface Pending {
  input: Float32Array;
  rows: number;
  /** Rows already handed to the executor. */
  taken: number;
  /** Rows whose results arrived. */
  done: number;
  output: Float32Array;
  deadline: number;
  enqueuedAt: number;
  queueMs: number;
  inferenceMs: number;
  batchRows: number;
  settled: boolean;
  resolve: (result: BatchResult) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

/**
 * A dynamic batcher: requests queue in arrival order, and each time a worker is free the head of
 * the queue (up to `maxBatchRows` rows, splitting a large request across batches if needed)
 * goes to it as one call. A lone request on an idle pool leaves at once; batches grow only
 * while every worker is busy, unless `maxQueueDelayMs` asks to wait for fuller ones.
 *
 * @example
 * const batcher = createBatcher({ executor: pool, width: 11, outputWidth: 2,
 *   maxBatchRows: 64, maxQueueRows: 2048 });
 * const { output } = await batcher.submit(rows, 1, { deadline: performance.now() + 5000 });
 */
export function createBatcher(options: BatcherOptions): Batcher {
  const { executor, width, outputWidth, maxBatchRows, maxQueueRows } = options;
  const maxQueueDelayMs = options.maxQueueDelayMs ?? 0;
  const clock = options.clock ?? systemClock;
  const queue: Pending[] = [];
  let queuedRows = 0;
  let inFlightBatches = 0;
  let cancelDeadlineTimer: (() => void) | undefined;
  let deadlineTimerAt = Number.POSITIVE_INFINITY;
  let cancelDelayTimer: (() => void) | undefined;

  function settle(pending: Pending, error?: unknown): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.detach();
    if (error === undefined) {
      pending.resolve({
        output: pending.output,
        queueMs: pending.queueMs,
        inferenceMs: pending.inferenceMs,
        batchRows: pending.batchRows,
      });
    } else {
      pending.reject(error);
    }
  }

  /** Takes a request out of the queue before all of its rows were dispatched. */
  function removeQueued(pending: Pending, error: unknown): void {
    const index = queue.indexOf(pending);
    if (index >= 0) {
      queue.splice(index, 1);
      queuedRows -= pending.rows - pending.taken;
    }
    settle(pending, error);
  }

  /** Answers 504 to every queued request whose deadline passed: one pass over the queue. */
  function expireOverdue(): void {
    const now = clock.now();
    let kept = 0;
    for (const pending of queue) {
      if (pending.taken === 0 && pending.deadline <= now) {
        queuedRows -= pending.rows;
        settle(pending, new DeadlineExceededError());
      } else {
        queue[kept++] = pending;
      }
    }
    queue.length = kept;
  }

  /**
   * One timer, set for the earliest deadline it knows of. A request that leaves the queue in
   * time does not cancel it; the timer then finds nothing overdue and looks for the next one.
   */
  function armDeadlineTimer(deadline: number): void {
    if (deadline >= deadlineTimerAt) return;
    cancelDeadlineTimer?.();
    deadlineTimerAt = deadline;
    cancelDeadlineTimer = clock.setTimer(onDeadlineTimer, Math.max(0, deadline - clock.now()));
  }

  function onDeadlineTimer(): void {
    cancelDeadlineTimer = undefined;
    deadlineTimerAt = Number.POSITIVE_INFINITY;
    expireOverdue();
    let earliest = Number.POSITIVE_INFINITY;
    for (const pending of queue) {
      if (pending.taken === 0 && pending.deadline < earliest) earliest = pending.deadline;
    }
    if (earliest !== Number.POSITIVE_INFINITY) armDeadlineTimer(earliest);
  }

  /** Whether to hold the queue back for a fuller batch (only with maxQueueDelayMs). */
  function shouldWait(now: number): boolean {
    const head = queue[0];
    if (maxQueueDelayMs === 0 || head === undefined || queuedRows >= maxBatchRows) return false;
    const waitUntil = head.enqueuedAt + maxQueueDelayMs;
    if (now >= waitUntil) return false;
    if (cancelDelayTimer === undefined) {
      cancelDelayTimer = clock.setTimer(() => {
        cancelDelayTimer = undefined;
        pump();
      }, waitUntil - now);
    }
    return true;
  }

  function takeBatch(now: number): { parts: Pending[]; slices: Slice[]; rows: number } {
    const parts: Pending[] = [];
    const slices: Slice[] = [];
    let rows = 0;
    while (rows < maxBatchRows) {
      const pending = queue[0];
      if (pending === undefined) break;
      if (pending.taken === 0 && pending.deadline <= now) {
        removeQueued(pending, new DeadlineExceededError());
        continue;
      }
      const count = Math.min(pending.rows - pending.taken, maxBatchRows - rows);
      if (pending.taken === 0) pending.queueMs = now - pending.enqueuedAt;
      slices.push({ request: parts.length, from: pending.taken, rows: count });
      parts.push(pending);
      pending.taken += count;
      queuedRows -= count;
      rows += count;
      if (pending.taken === pending.rows) queue.shift();
    }
    return { parts, slices, rows };
  }

  /**
   * A free worker takes whatever is queued. A busy worker takes a second batch only when a full
   * one is waiting: it then starts it the moment its current batch ends, while partial batches
   * still grow as long as every worker is busy.
   */
  function canDispatch(): boolean {
    if (executor.hasFreeWorker()) return true;
    return queuedRows >= maxBatchRows && (executor.canPrefetch?.() ?? false);
  }

  function dispatch(): boolean {
    if (queue.length === 0 || !canDispatch()) return false;
    const now = clock.now();
    if (shouldWait(now)) return false;
    const { parts, slices, rows } = takeBatch(now);
    if (rows === 0) return false;
    const batch = mergeRows(
      parts.map((p) => p.input),
      slices,
      width,
    );
    const running = executor.run(batch, rows);
    inFlightBatches += 1;
    options.onBatch?.(rows);
    for (const pending of parts) if (pending.batchRows === 0) pending.batchRows = rows;
    running.then(
      (result) => {
        inFlightBatches -= 1;
        splitRows(
          result.output,
          slices,
          outputWidth,
          parts.map((p) => p.output),
        );
        slices.forEach((slice, index) => {
          const pending = parts[index] as Pending;
          pending.done += slice.rows;
          pending.inferenceMs += result.inferenceMs;
          if (pending.done === pending.rows) settle(pending);
        });
        pump();
      },
      (error: unknown) => {
        inFlightBatches -= 1;
        for (const pending of parts) settle(pending, error);
        pump();
      },
    );
    return true;
  }

  function pump(): void {
    while (dispatch()) {
      // keep dispatching while workers are free and rows are queued
    }
  }

  function submit(input: Float32Array, rows: number, submitOptions: SubmitOptions) {
    if (input.length !== rows * width) {
      return Promise.reject(new RangeError(`expected ${rows * width} values, got ${input.length}`));
    }
    if (queuedRows + rows > maxQueueRows) return Promise.reject(new QueueFullError());
    if (submitOptions.deadline <= clock.now()) return Promise.reject(new DeadlineExceededError());
    const { signal } = submitOptions;
    if (signal?.aborted) return Promise.reject(new ClientClosedError());
    return new Promise<BatchResult>((resolve, reject) => {
      const pending: Pending = {
        input,
        rows,
        taken: 0,
        done: 0,
        output: new Float32Array(rows * outputWidth),
        deadline: submitOptions.deadline,
        enqueuedAt: clock.now(),
        queueMs: 0,
        inferenceMs: 0,
        batchRows: 0,
        settled: false,
        resolve,
        reject,
        detach: () => {},
      };
      queue.push(pending);
      queuedRows += rows;
      pump();
      if (pending.settled || pending.taken === pending.rows) return;
      // Only a request that has to wait listens for its client going away: on an idle pool most
      // requests leave at once, and a listener per request is a measurable cost on the hot path.
      if (signal) {
        const onAbort = () => removeQueued(pending, new ClientClosedError());
        signal.addEventListener("abort", onAbort, { once: true });
        pending.detach = () => signal.removeEventListener("abort", onAbort);
      }
      if (pending.taken === 0) armDeadlineTimer(pending.deadline);
    });
  }

  return {
    submit,
    pump,
    stats: () => ({ queuedRows, queuedRequests: queue.length, inFlightBatches }),
  };
}
