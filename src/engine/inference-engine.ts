import { type BatchExecutor, type BatchResult, createBatcher } from "../batching/batcher.ts";
import { NotReadyError } from "../errors.ts";
import type { ModelPackage } from "../model/model-package.ts";
import { createWorkerPool, type PoolEvent, type PoolStats } from "../workers/worker-pool.ts";
import type { EngineObserver } from "./engine-observer.ts";

export interface EngineOptions {
  model: ModelPackage;
  /** Encoded columns per row (the model's input width). */
  width: number;
  /** Encoded rows to warm each worker with before it counts as ready. */
  warmup: Float32Array;
  workers: number;
  threads: number;
  maxBatchSize: number;
  maxQueueDelayMs: number;
  maxQueueRows: number;
  workerWatchdogMs: number;
  nativeDir: string | undefined;
  faultHooks: boolean;
  onPoolEvent?: (event: PoolEvent) => void;
  onBatch?: (rows: number) => void;
  /** Told of every onnxruntime call and every request (metrics, logs). @default [] */
  observers?: EngineObserver[];
  /** @default the real worker entry */
  createWorker?: () => Worker;
}

export interface EngineStats extends PoolStats {
  queuedRows: number;
  queuedRequests: number;
  inFlightBatches: number;
}

export interface InferenceEngine {
  /** Loads and warms the model in every worker. */
  start(): Promise<{ onnxruntimeVersion: string; loadMs: number }>;
  /** Class probabilities (rows × classes) for encoded rows, through the batcher. */
  infer(
    input: Float32Array,
    rows: number,
    options: { deadline: number; signal?: AbortSignal },
  ): Promise<BatchResult>;
  stats(): EngineStats;
  armFault: ReturnType<typeof createWorkerPool>["armFault"];
  close(): Promise<void>;
}

/**
 * The worker pool and the dynamic batcher, wired together: the batcher feeds the pool, and a
 * worker that frees up pulls the next batch.
 */
export function createInferenceEngine(options: EngineOptions): InferenceEngine {
  const { manifest } = options.model;
  const classes = manifest.classes.length;
  const pool = createWorkerPool({
    size: options.workers,
    watchdogMs: options.workerWatchdogMs,
    init: {
      nativeDir: options.nativeDir,
      model: options.model.onnx,
      inputName: manifest.input.name,
      outputName: manifest.outputs.probabilities,
      otherOutputNames: manifest.outputs.label === undefined ? [] : [manifest.outputs.label],
      width: options.width,
      classes,
      threads: options.threads,
      warmup: options.warmup,
      faultHooks: options.faultHooks,
    },
    onEvent: options.onPoolEvent,
    onIdle: () => batcher.pump(),
    createWorker: options.createWorker,
  });
  const observers = options.observers ?? [];
  const batcher = createBatcher({
    executor: observedExecutor(pool, observers),
    width: options.width,
    outputWidth: classes,
    maxBatchRows: options.maxBatchSize,
    maxQueueRows: options.maxQueueRows,
    maxQueueDelayMs: options.maxQueueDelayMs,
    onBatch: options.onBatch,
  });
  const submit: InferenceEngine["infer"] = (input, rows, submitOptions) => {
    // With no live worker a request could only wait for its deadline: refuse it now.
    if (pool.stats().ready === 0)
      return Promise.reject(new NotReadyError("No inference worker is running"));
    return batcher.submit(input, rows, submitOptions);
  };
  return {
    start: () => pool.start(),
    infer: observers.length === 0 ? submit : observedInfer(submit, observers),
    stats: () => ({ ...pool.stats(), ...batcher.stats() }),
    armFault: (fault) => pool.armFault(fault),
    close: () => pool.close(),
  };
}

/** The pool, telling observers the rows and worker-measured duration of each call. */
function observedExecutor(pool: BatchExecutor, observers: EngineObserver[]): BatchExecutor {
  const told = observers.filter((observer) => observer.batchDone !== undefined);
  if (told.length === 0) return pool;
  return {
    hasFreeWorker: () => pool.hasFreeWorker(),
    run: (batch, rows) =>
      pool.run(batch, rows).then((result) => {
        for (const observer of told) observer.batchDone?.(rows, result.inferenceMs);
        return result;
      }),
  };
}

/** `infer`, telling observers how each request ended and how long it took. */
function observedInfer(
  submit: InferenceEngine["infer"],
  observers: EngineObserver[],
): InferenceEngine["infer"] {
  return (input, rows, submitOptions) => {
    const started = performance.now();
    return submit(input, rows, submitOptions).then(
      (result) => {
        const totalMs = performance.now() - started;
        for (const observer of observers) observer.requestDone?.(rows, result, totalMs);
        return result;
      },
      (error: unknown) => {
        const totalMs = performance.now() - started;
        for (const observer of observers) observer.requestFailed?.(rows, error, totalMs);
        throw error;
      },
    );
  };
}
