/**
 * Messages between the worker pool (main thread) and an inference worker. Row data travels as
 * row-major Float32Arrays whose buffers are transferred, not copied.
 */

/** Test-only faults a worker can be told to commit on its next batch (fault builds only). */
export type WorkerFault = "crash" | "hang";

export interface InitMessage {
  type: "init";
  /** Where the compiled binary unpacked onnxruntime; undefined when running from source. */
  nativeDir: string | undefined;
  model: Uint8Array;
  inputName: string;
  /** Name of the probabilities output. */
  outputName: string;
  /** Other outputs the manifest names, which must exist in the graph. */
  otherOutputNames: string[];
  width: number;
  classes: number;
  threads: number;
  /** Encoded rows run once before the worker says it is ready. */
  warmup: Float32Array;
  faultHooks: boolean;
}

export interface RunMessage {
  type: "run";
  id: number;
  input: Float32Array;
  rows: number;
  fault?: WorkerFault;
}

export type ToWorker = InitMessage | RunMessage;

export interface ReadyMessage {
  type: "ready";
  loadMs: number;
  warmupMs: number;
  onnxruntimeVersion: string;
}

export interface InitFailedMessage {
  type: "init-failed";
  message: string;
}

export interface ResultMessage {
  type: "result";
  id: number;
  /** rows × classes probabilities, row-major. */
  output: Float32Array;
  /** Time spent in onnxruntime's run, measured inside the worker. */
  inferenceMs: number;
}

export interface RunFailedMessage {
  type: "run-failed";
  id: number;
  message: string;
}

export type FromWorker = ReadyMessage | InitFailedMessage | ResultMessage | RunFailedMessage;
