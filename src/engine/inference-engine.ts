import { type BatchResult, createBatcher } from "../batching/batcher.ts";
import { NotReadyError } from "../errors.ts";
import type { ModelPackage } from "../model/model-package.ts";
import { createWorkerPool, type PoolEvent, type PoolStats } from "../workers/worker-pool.ts";

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
  const batcher = createBatcher({
    executor: pool,
    width: options.width,
    outputWidth: classes,
    maxBatchRows: options.maxBatchSize,
    maxQueueRows: options.maxQueueRows,
    maxQueueDelayMs: options.maxQueueDelayMs,
    onBatch: options.onBatch,
  });
  return {
    start: () => pool.start(),
    infer(input, rows, submitOptions) {
      // With no live worker a request could only wait for its deadline: refuse it now.
      if (pool.stats().ready === 0)
        return Promise.reject(new NotReadyError("No inference worker is running"));
      return batcher.submit(input, rows, submitOptions);
    },
    stats: () => ({ ...pool.stats(), ...batcher.stats() }),
    armFault: (fault) => pool.armFault(fault),
    close: () => pool.close(),
  };
}
