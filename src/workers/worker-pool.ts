import type { BatchExecutor, ExecutorResult } from "../batching/batcher.ts";
import { isCompiled } from "../build-flags.ts";
import { InferenceFailedError } from "../errors.ts";
import type { FromWorker, InitMessage, RunMessage, WorkerFault } from "./messages.ts";

/** Something an operator wants to know about the pool; the caller logs and counts these. */
export type PoolEvent =
  | { type: "ready"; worker: number; loadMs: number; warmupMs: number }
  | { type: "exited"; worker: number; reason: string; heldBatch: boolean }
  | { type: "hung"; worker: number; afterMs: number }
  | { type: "respawning"; worker: number; inMs: number };

export interface WorkerPoolOptions {
  size: number;
  init: Omit<InitMessage, "type">;
  /** A worker that holds a batch longer than this is terminated and replaced. */
  watchdogMs: number;
  /** First delay before respawning a worker that failed again before becoming ready; doubles. @default 1000 */
  restartBackoffMs?: number;
  /** @default 60_000 */
  maxRestartBackoffMs?: number;
  /** How long a worker may take to load and warm the model. @default 120_000 */
  startTimeoutMs?: number;
  /** @default the real worker entry */
  createWorker?: () => Worker;
  onEvent?: (event: PoolEvent) => void;
  /** Called whenever a worker becomes free (a batch finished, or a new worker is ready). */
  onIdle?: () => void;
}

export interface PoolStats {
  size: number;
  /** Loaded and warm (idle or busy). */
  ready: number;
  busy: number;
  restarts: number;
}

export interface WorkerPool extends BatchExecutor {
  canPrefetch(): boolean;
  /** Resolves when every worker has loaded and warmed the model; rejects on the first failure. */
  start(): Promise<{ onnxruntimeVersion: string; loadMs: number }>;
  stats(): PoolStats;
  /** Test-only: the next batch makes its worker commit this fault (fault builds only). */
  armFault(fault: WorkerFault): void;
  close(): Promise<void>;
}

interface Job {
  id: number;
  resolve: (result: ExecutorResult) => void;
  reject: (error: unknown) => void;
}

/** A worker holds the batch it runs and at most one more, queued behind it (a prefetch). */
const maxJobsPerWorker = 2;

interface Slot {
  index: number;
  worker: Worker | undefined;
  state: "starting" | "ready" | "down";
  /** Batches sent to the worker, oldest (running) first. */
  jobs: Job[];
  /** Watches the running batch: a worker that holds it too long is replaced. */
  watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Failures since this slot was last ready; drives the respawn backoff. */
  failures: number;
  respawnTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The compiled binary embeds the worker entry under its path relative to src/ (scripts/build.ts
 * lists it as an entry point); from source it is the file beside this one.
 */
const workerEntry = isCompiled
  ? "./workers/worker-entry.ts"
  : new URL("./worker-entry.ts", import.meta.url).href;
const defaultCreateWorker = () => new Worker(workerEntry);

/**
 * A fixed pool of inference workers, each holding one onnxruntime session. A worker runs one
 * batch at a time and may hold one more behind it (`canPrefetch`), so that under load it starts
 * the next batch the moment the current one ends instead of after a round trip to the main
 * thread. A worker that dies or hangs is replaced and the batches it held fail at once; a worker
 * that keeps failing before it is ready is respawned with a doubling delay, never in a loop.
 *
 * @example
 * const pool = createWorkerPool({ size: 2, init, watchdogMs: 10_000, onIdle: () => batcher.pump() });
 * await pool.start();
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const createWorker = options.createWorker ?? defaultCreateWorker;
  const backoffMs = options.restartBackoffMs ?? 1000;
  const maxBackoffMs = options.maxRestartBackoffMs ?? 60_000;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const slots: Slot[] = Array.from({ length: options.size }, (_, index) => ({
    index,
    worker: undefined,
    state: "down",
    jobs: [],
    watchdog: undefined,
    failures: 0,
    respawnTimer: undefined,
  }));
  let nextJobId = 1;
  let restarts = 0;
  let closed = false;
  let started = false;
  let armedFault: WorkerFault | undefined;
  let startWaiters: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let onnxruntimeVersion = "unknown";
  let slowestLoadMs = 0;

  function emit(event: PoolEvent): void {
    options.onEvent?.(event);
  }

  function spawn(slot: Slot): void {
    slot.respawnTimer = undefined;
    if (closed) return;
    const worker = createWorker();
    slot.worker = worker;
    slot.state = "starting";
    const startTimer = setTimeout(() => {
      if (slot.worker === worker && slot.state === "starting") {
        fail(slot, worker, `not ready after ${startTimeoutMs} ms`);
      }
    }, startTimeoutMs);
    worker.addEventListener("message", (event: MessageEvent<FromWorker>) => {
      if (slot.worker === worker) onMessage(slot, worker, event.data, startTimer);
    });
    worker.addEventListener("error", (event: ErrorEvent) => {
      clearTimeout(startTimer);
      fail(slot, worker, `uncaught error: ${event.message}`);
    });
    worker.addEventListener("close", (event: Event) => {
      clearTimeout(startTimer);
      const code = (event as CloseEvent).code;
      fail(slot, worker, `exited with code ${code}`);
    });
    worker.postMessage({ type: "init", ...options.init } satisfies InitMessage);
  }

  function onMessage(
    slot: Slot,
    worker: Worker,
    message: FromWorker,
    startTimer: ReturnType<typeof setTimeout>,
  ): void {
    switch (message.type) {
      case "ready":
        clearTimeout(startTimer);
        slot.state = "ready";
        slot.failures = 0;
        onnxruntimeVersion = message.onnxruntimeVersion;
        slowestLoadMs = Math.max(slowestLoadMs, message.loadMs + message.warmupMs);
        emit({
          type: "ready",
          worker: slot.index,
          loadMs: message.loadMs,
          warmupMs: message.warmupMs,
        });
        if (!started && slots.every((s) => s.state === "ready")) {
          started = true;
          startWaiters?.resolve();
        }
        options.onIdle?.();
        return;
      case "init-failed":
        clearTimeout(startTimer);
        fail(slot, worker, message.message);
        return;
      case "result":
      case "run-failed": {
        // The worker answers in the order it was sent batches.
        const job = slot.jobs[0];
        if (job === undefined || job.id !== message.id) return;
        slot.jobs.shift();
        armWatchdog(slot, worker);
        if (message.type === "result") {
          job.resolve({ output: message.output, inferenceMs: message.inferenceMs });
        } else {
          job.reject(new InferenceFailedError(new Error(message.message)));
        }
        options.onIdle?.();
        return;
      }
    }
  }

  /** (Re)starts the watchdog for the batch the worker runs now, if any. */
  function armWatchdog(slot: Slot, worker: Worker): void {
    clearTimeout(slot.watchdog);
    slot.watchdog = undefined;
    if (slot.jobs.length === 0) return;
    slot.watchdog = setTimeout(() => {
      emit({ type: "hung", worker: slot.index, afterMs: options.watchdogMs });
      fail(slot, worker, `held a batch for more than ${options.watchdogMs} ms`);
    }, options.watchdogMs);
  }

  /** Takes the slot's worker and batches away; the batches fail with `error`. */
  function release(slot: Slot, error: Error): Job[] {
    const jobs = slot.jobs;
    clearTimeout(slot.watchdog);
    slot.watchdog = undefined;
    slot.worker = undefined;
    slot.jobs = [];
    slot.state = "down";
    for (const job of jobs) job.reject(new InferenceFailedError(error));
    return jobs;
  }

  /** The worker is gone or useless: fail its batches, terminate it, and maybe respawn. */
  function fail(slot: Slot, worker: Worker, reason: string): void {
    if (slot.worker !== worker) return;
    const wasStarting = slot.state === "starting";
    const lost = release(slot, new Error(`worker ${slot.index} ${reason}`));
    worker.terminate();
    if (closed) return;
    emit({ type: "exited", worker: slot.index, reason, heldBatch: lost.length > 0 });
    if (!started) {
      // A worker that cannot load the model at start-up: the whole start fails.
      startWaiters?.reject(new Error(`worker ${slot.index} failed to start: ${reason}`));
      return;
    }
    restarts += 1;
    slot.failures += 1;
    // The first failure of a worker that was serving is replaced at once; one that keeps
    // failing before it is ready waits longer each time.
    const delay =
      wasStarting || slot.failures > 1
        ? Math.min(maxBackoffMs, backoffMs * 2 ** (slot.failures - 1))
        : 0;
    emit({ type: "respawning", worker: slot.index, inMs: delay });
    slot.respawnTimer = setTimeout(() => spawn(slot), delay);
  }

  /** A ready worker holding `jobs` batches. */
  const withJobs = (jobs: number) =>
    slots.find((slot) => slot.state === "ready" && slot.jobs.length === jobs);

  /** Runs on a free worker if there is one, else queues behind a busy worker's only batch. */
  function run(batch: Float32Array, rows: number): Promise<ExecutorResult> {
    const slot = withJobs(0) ?? withJobs(maxJobsPerWorker - 1);
    const worker = slot?.worker;
    if (slot === undefined || worker === undefined) {
      return Promise.reject(new InferenceFailedError(new Error("no free worker")));
    }
    const id = nextJobId++;
    const fault = armedFault;
    armedFault = undefined;
    return new Promise<ExecutorResult>((resolve, reject) => {
      slot.jobs.push({ id, resolve, reject });
      if (slot.jobs.length === 1) armWatchdog(slot, worker);
      const message: RunMessage = { type: "run", id, input: batch, rows };
      if (fault !== undefined) message.fault = fault;
      worker.postMessage(message);
    });
  }

  return {
    hasFreeWorker: () => withJobs(0) !== undefined,
    canPrefetch: () => withJobs(maxJobsPerWorker - 1) !== undefined,
    run,
    start() {
      const ready = new Promise<void>((resolve, reject) => {
        startWaiters = { resolve, reject };
      });
      for (const slot of slots) spawn(slot);
      return ready.then(
        () => ({ onnxruntimeVersion, loadMs: slowestLoadMs }),
        async (error: Error) => {
          await this.close();
          throw error;
        },
      );
    },
    stats() {
      let ready = 0;
      let busy = 0;
      for (const slot of slots) {
        if (slot.state === "ready") ready += 1;
        if (slot.state === "ready" && slot.jobs.length > 0) busy += 1;
      }
      return { size: slots.length, ready, busy, restarts };
    },
    armFault(fault) {
      if (options.init.faultHooks) armedFault = fault;
    },
    async close() {
      closed = true;
      for (const slot of slots) {
        if (slot.respawnTimer) clearTimeout(slot.respawnTimer);
        const worker = slot.worker;
        release(slot, new Error("the pool is closing"));
        worker?.terminate();
      }
    },
  };
}
