import type { BatchResult } from "../batching/batcher.ts";

/**
 * What the inference engine tells its observers (metrics, the load-shedding warning). Every
 * caller of `engine.infer` is observed, whatever route it came from. Observers run on the
 * request's path: they must be cheap and must not throw.
 */
export interface EngineObserver {
  /** One onnxruntime call succeeded: its rows and the time spent in it, measured in the worker. */
  batchDone?(rows: number, inferenceMs: number): void;
  /** A request's rows came back; `totalMs` runs from `infer()` to its result. */
  requestDone?(rows: number, result: BatchResult, totalMs: number): void;
  /** A request was refused or failed (queue full, deadline, no worker, worker fault, ...). */
  requestFailed?(rows: number, error: unknown, totalMs: number): void;
}
